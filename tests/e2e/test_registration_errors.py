"""On a phone, a refused registration form shows an error summary at the
top, takes the focus there, and each link leads to its field."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.factories import EventFactory, InstitutionFactory, ParticipantFactory, participant_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_refused_registration_on_a_phone_focuses_the_error_summary(new_context, live_server):
    event = EventFactory()
    InstitutionFactory(name="Dinas Kominfo")
    ParticipantFactory(employment="pns", nip="198503122010012003")
    context = new_context(phone=True)
    sign_in(context, participant_user(), live_server)
    page = context.new_page()
    page.goto(reverse("participants:register", kwargs={"code": event.code}))

    page.locator("input[name=full_name]").fill("Siti Rahmawati")
    page.locator("input[name=employment][value=pns]").check()
    page.locator("input[name=nip]").fill("19850312 201001 2 003")  # someone else's
    page.locator("select[name=institution]").select_option(label="Dinas Kominfo")
    page.locator("input[name=phone]").fill("0812-3456-7890")
    page.locator("input[name=consent]").check()
    page.get_by_test_id("submit-registration").click()

    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert summary.bounding_box()["y"] < 740  # on the first screen of the phone
    summary.get_by_role("link", name="NIP").click()
    expect(page.locator("input[name=nip]")).to_be_focused()
    expect(page.locator("div:has(> #id_nip)").first).to_contain_text(
        "NIP ini sudah dimiliki peserta lain."
    )


def test_navigation_text_contrast_in_the_browser(page):
    page.goto("/")

    # Colours as the browser computes them; a translucent text colour (Bootstrap's
    # 55 % white) is blended over the background first, as it is drawn.
    ratios = page.evaluate(
        """() => {
        const parse = (s) => {
          const v = s.match(/[\\d.]+/g).map(Number);
          return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1];
        };
        const lum = ([r, g, b]) => {
          const c = [r, g, b].map((v) => {
            v /= 255;
            return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
        };
        const nav = document.querySelector("nav.navbar");
        const back = parse(getComputedStyle(nav).backgroundColor);
        const bg = lum(back);
        return [...nav.querySelectorAll(".navbar-brand, .nav-link")].map((el) => {
          const [r, g, b, a] = parse(getComputedStyle(el).color);
          const fg = lum([r, g, b].map((v, i) => a * v + (1 - a) * back[i]));
          return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
        });
      }"""
    )

    assert ratios and min(ratios) >= 4.5
