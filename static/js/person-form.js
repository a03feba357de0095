// The person form (participants/_person_fields.html):
//  - NIP and pangkat/golongan only for civil servants, and only the grades of
//    the chosen employment (PNS: "III/a"…, PPPK: "IX"…);
//  - "other institution" fields only while no institution is chosen.
//  - after a refused submit, the focus goes to the error summary at the top
//    (participants/_error_summary.html); its links focus their field.
// Without JavaScript every field stays visible and the server checks the same rules.
(function () {
  "use strict";

  var radios = document.querySelectorAll('input[name="employment"]');
  var asnOnly = document.querySelector("[data-asn-only]");
  var pangkat = document.querySelector('select[name="pangkat_golongan"]');
  var nip = document.querySelector('input[name="nip"]');

  function employment() {
    var checked = document.querySelector('input[name="employment"]:checked');
    return checked ? checked.value : "";
  }

  function syncEmployment() {
    var value = employment();
    var asn = value === "pns" || value === "pppk";
    if (asnOnly) {
      // Keep the block visible when it holds a value, so an error stays in view.
      asnOnly.hidden = !asn && !(nip && nip.value) && !(pangkat && pangkat.value);
    }
    if (!pangkat) {
      return;
    }
    pangkat.querySelectorAll("option").forEach(function (option) {
      if (!option.value) {
        return;
      }
      var isPns = option.value.indexOf("/") !== -1;
      option.hidden = asn && (value === "pns") !== isPns;
    });
    pangkat.querySelectorAll("optgroup").forEach(function (group) {
      var visible = Array.prototype.some.call(group.children, function (option) {
        return !option.hidden;
      });
      group.hidden = !visible;
    });
  }

  radios.forEach(function (radio) {
    radio.addEventListener("change", syncEmployment);
  });
  syncEmployment();

  var institution = document.querySelector('select[name="institution"]');
  var newInstitution = document.querySelector("[data-new-institution]");
  var toggle = document.querySelector("[data-new-institution-toggle]");
  if (institution && newInstitution) {
    var newName = newInstitution.querySelector('input[name="new_institution_name"]');
    var syncInstitution = function () {
      var hide = Boolean(institution.value) && !(newName && newName.value);
      newInstitution.hidden = hide;
      if (toggle) {
        toggle.hidden = !hide;
      }
    };
    institution.addEventListener("change", syncInstitution);
    if (toggle) {
      toggle.addEventListener("click", function () {
        institution.value = "";
        syncInstitution();
        if (newName) {
          newName.focus();
        }
      });
    }
    syncInstitution();
  }

  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest('a[href^="#"]');
      var field = link && document.getElementById(link.hash.slice(1));
      if (!field) {
        return;
      }
      event.preventDefault();
      var hidden = field.closest("[hidden]");
      if (hidden) {
        hidden.hidden = false;
      }
      field.scrollIntoView({ block: "center" });
      field.focus();
    });
  }
})();
