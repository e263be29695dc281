// Fails early, with the fix, when there is no browser for the end-to-end tests.
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(path)) {
  console.error(
    `\nNo Chromium at ${path}: the end-to-end tests need a browser.\n` +
      `Install Debian's:  sudo apt-get update && sudo apt-get install -y chromium\n` +
      `or point CHROMIUM_PATH at another Chromium or Chrome binary.\n`,
  );
  process.exit(1);
}
