// Self check-in where the session requires the phone to be near the venue
// (docs/selfcheckin.md): reads the browser's geolocation and posts it with
// the pending code. No fix yet or timed out: says so and lets the participant
// try again with the button (nothing is posted). The permission refused:
// posts no position, and the server answers that the location is needed
// (the door and the kiosk remain; the code stays pending for a retry until
// it expires). The server judges the distance; the page only reports.

const form = document.querySelector("[data-location-form]");
const retry = form.querySelector("[data-location-retry]");
const status = form.querySelector("[data-location-status]");
const field = (name) => form.querySelector(`[data-field="${name}"]`);
let sent = false;
let asking = false;

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

function failed(error) {
  asking = false;
  if (error && error.code === error.PERMISSION_DENIED) {
    send(null);
    return;
  }
  const timedOut = error && error.code === error.TIMEOUT;
  status.textContent = timedOut ? status.dataset.timeout : status.dataset.unavailable;
  retry.disabled = false;
}

function ask() {
  if (sent || asking) return;
  if (!("geolocation" in navigator)) {
    send(null);
    return;
  }
  asking = true;
  retry.disabled = true;
  status.textContent = status.dataset.reading;
  navigator.geolocation.getCurrentPosition(send, failed, {
    enableHighAccuracy: true,
    timeout: 20000,
    maximumAge: 60000,
  });
}

retry.addEventListener("click", ask);
ask();
