// Self check-in where the session requires the phone to be near the venue
// (docs/selfcheckin.md): reads the browser's geolocation once and posts it
// with the pending code. Refused, unavailable or timed out: posts nothing,
// and the server answers that the location is needed (the door and the
// kiosk remain). The server judges the distance; the page only reports.

const form = document.querySelector("[data-location-form]");
const retry = form.querySelector("[data-location-retry]");
const field = (name) => form.querySelector(`[data-field="${name}"]`);
let sent = false;

function send(position) {
  if (sent) return;
  sent = true;
  if (position) {
    field("latitude").value = String(position.coords.latitude);
    field("longitude").value = String(position.coords.longitude);
    field("accuracy").value = String(position.coords.accuracy);
  }
  retry.disabled = true;
  form.submit();
}

function ask() {
  if (!("geolocation" in navigator)) {
    send(null);
    return;
  }
  navigator.geolocation.getCurrentPosition(send, () => send(null), {
    enableHighAccuracy: true,
    timeout: 20000,
    maximumAge: 60000,
  });
}

retry.addEventListener("click", ask);
ask();
