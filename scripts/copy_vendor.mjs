// Copies the front-end libraries installed by `npm ci` into static/vendor/,
// which is git-ignored and served by the app itself (whitenoise): venues have
// poor internet, so no page loads anything from a CDN.
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const target = join(root, "static", "vendor");
// Fonts embedded in the PDFs (tickets, daftar hadir, certificates): read by the server, never served.
const fontTarget = join(root, "vendor", "fonts");

// [source inside node_modules, destination inside static/vendor]
const files = [
  ["bootstrap/dist/css/bootstrap.min.css", "bootstrap/bootstrap.min.css"],
  ["bootstrap/dist/css/bootstrap.min.css.map", "bootstrap/bootstrap.min.css.map"],
  ["bootstrap/dist/js/bootstrap.bundle.min.js", "bootstrap/bootstrap.bundle.min.js"],
  ["bootstrap/dist/js/bootstrap.bundle.min.js.map", "bootstrap/bootstrap.bundle.min.js.map"],
  ["bootstrap-icons/font/bootstrap-icons.min.css", "bootstrap-icons/bootstrap-icons.min.css"],
  ["bootstrap-icons/font/fonts", "bootstrap-icons/fonts"],
  ["htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"],
  ["idb/build/umd.js", "idb/idb.umd.js"],
  ["sortablejs/Sortable.min.js", "sortablejs/Sortable.min.js"],
  ["barcode-detector/dist/iife/polyfill.js", "barcode-detector/polyfill.js"],
  ["zxing-wasm/dist/reader/zxing_reader.wasm", "zxing-wasm/zxing_reader.wasm"],
];
// [source inside node_modules, destination inside vendor/fonts] (not public)
const fonts = [
  ["dejavu-fonts-ttf/ttf/DejaVuSans.ttf", "DejaVuSans.ttf"],
  ["dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf", "DejaVuSans-Bold.ttf"],
  ["dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf", "DejaVuSans-Oblique.ttf"],
  ["dejavu-fonts-ttf/ttf/DejaVuSans-BoldOblique.ttf", "DejaVuSans-BoldOblique.ttf"],
  ["dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf", "DejaVuSerif-Bold.ttf"],
  ["dejavu-fonts-ttf/LICENSE", "LICENSE-DejaVu.txt"],
  // Fallbacks for what DejaVu lacks (docs/fonts.md): Arabic, Chinese/Japanese, Korean.
  ["@expo-google-fonts/noto-naskh-arabic/400Regular/NotoNaskhArabic_400Regular.ttf", "NotoNaskhArabic-Regular.ttf"],
  ["@expo-google-fonts/noto-naskh-arabic/700Bold/NotoNaskhArabic_700Bold.ttf", "NotoNaskhArabic-Bold.ttf"],
  ["@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf", "NotoSansSC-Regular.ttf"],
  ["@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf", "NotoSansSC-Bold.ttf"],
  ["@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf", "NotoSansKR-Regular.ttf"],
  ["@expo-google-fonts/noto-sans-kr/700Bold/NotoSansKR_700Bold.ttf", "NotoSansKR-Bold.ttf"],
  ["@expo-google-fonts/noto-sans-sc/LICENSE_FONT", "LICENSE-Noto.txt"],
];

if (!existsSync(modules)) {
  console.error("node_modules/ is missing: run `npm ci` first.");
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
rmSync(fontTarget, { recursive: true, force: true });
const copies = [
  ...files.map(([source, destination]) => [source, join(target, destination)]),
  ...fonts.map(([source, destination]) => [source, join(fontTarget, destination)]),
];
for (const [source, to] of copies) {
  const from = join(modules, source);
  if (!existsSync(from)) {
    console.error(`missing ${from}: is package-lock.json in step with package.json?`);
    process.exit(1);
  }
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to, { recursive: true });
}
console.log(`copied ${files.length} front-end assets into static/vendor/, ${fonts.length} font files into vendor/fonts/`);
