// Launches Debian's Chromium and Firefox ESR through playwright-core (never a
// downloaded browser). Firefox goes through WebDriver BiDi (channel
// 'moz-firefox'), whose default path is /snap/bin/firefox, so the ESR binary
// is passed explicitly.

import { chromium, firefox } from 'playwright-core';

export const ENGINES = ['chromium', 'firefox'];

// Firefox over WebDriver BiDi ignores Playwright's colorScheme emulation, so
// a dark (or light) reader is a preference given at launch: `colorScheme`.
const FIREFOX_SCHEME = { dark: 0, light: 1 };

export async function launch(engine, { colorScheme } = {}) {
  if (engine === 'chromium') {
    return chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
      timeout: 60000,
    });
  }
  return firefox.launch({
    channel: 'moz-firefox',
    executablePath: process.env.FIREFOX_PATH || '/usr/bin/firefox-esr',
    timeout: 60000,
    firefoxUserPrefs: {
      'app.update.enabled': false,
      'toolkit.telemetry.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'network.connectivity-service.enabled': false,
      'network.captive-portal-service.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'services.settings.server': 'http://127.0.0.1:9/',
      'extensions.update.enabled': false,
      'network.dns.disablePrefetch': true,
      'network.prefetch-next': false,
      ...(colorScheme ? { 'layout.css.prefers-color-scheme.content-override': FIREFOX_SCHEME[colorScheme] } : {}),
    },
  });
}
