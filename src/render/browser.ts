/**
 * The headless Chromium that turns Mermaid text into SVG and PNG. archlint never downloads a
 * browser (the optional renderer is puppeteer-core, which has no download): it uses the one named by
 * ARCHLINT_CHROMIUM or PUPPETEER_EXECUTABLE_PATH, or a Chromium or Chrome installed in the usual
 * places. `.mmd` and `.md` outputs need no browser, so nothing here runs for them.
 */
import { accessSync, constants, mkdirSync, mkdtempSync, readlinkSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'puppeteer';
import { UsageError } from '../errors.js';
import { loadRenderer } from './renderer.js';

/** No browser could be found or started: reported as `archlint: <message>` with exit code 2. */
export class BrowserError extends UsageError {}

/** The usual install locations, searched in this order after the environment variables. */
export const chromiumPaths: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** Names looked up on PATH when none of the usual locations has a browser. */
const chromiumNames = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/**
 * Flags this machine's Chromium needs to run headless in a container or CI runner, and to stay
 * quiet on the network: no sandbox (containers run as root without user namespaces), no GPU, no
 * background downloads, updates, sync or first-run dialogs.
 */
export const chromiumFlags: readonly string[] = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const installHint =
  'Install Chromium (Debian/Ubuntu: `apt-get install chromium`; macOS: Google Chrome, or `brew install --cask chromium`), ' +
  'or set ARCHLINT_CHROMIUM to the path of a Chromium or Chrome executable. .mmd and .md outputs need no browser.';

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK); // on Windows, X_OK checks only that the file exists
    return true;
  } catch {
    return false;
  }
}

/**
 * The browser to render with: `ARCHLINT_CHROMIUM`, then `PUPPETEER_EXECUTABLE_PATH` (either one,
 * when set, is used or reported: it is never silently replaced by another browser), then the
 * usual install paths, then the usual names on PATH. Throws `BrowserError` saying how to get one.
 */
export function findChromium(env: Record<string, string | undefined>, isExecutable: (file: string) => boolean = isExecutableFile): string {
  for (const name of ['ARCHLINT_CHROMIUM', 'PUPPETEER_EXECUTABLE_PATH']) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (isExecutable(value)) return value;
    throw new BrowserError(`cannot render SVG or PNG: ${name} is set to ${value}, which is not an executable file. ${installHint}`);
  }
  for (const candidate of chromiumPaths) if (isExecutable(candidate)) return candidate;
  const windows = ['PROGRAMFILES', 'PROGRAMFILES(X86)', 'LOCALAPPDATA'].flatMap((v) => {
    const dir = env[v];
    return dir ? [path.win32.join(dir, 'Google', 'Chrome', 'Application', 'chrome.exe'), path.win32.join(dir, 'Chromium', 'Application', 'chrome.exe')] : [];
  });
  for (const candidate of windows) if (isExecutable(candidate)) return candidate;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    for (const name of chromiumNames) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  throw new BrowserError(
    `cannot render SVG or PNG: they need Chromium or Chrome, and none was found (ARCHLINT_CHROMIUM, PUPPETEER_EXECUTABLE_PATH, ${chromiumPaths[0]} and the other usual places, PATH). ${installHint}`,
  );
}

export interface BrowserSession {
  readonly browser: Browser;
  readonly executablePath: string;
  /** Closes the browser and removes its profile directory; safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Starts the browser headless with a fresh profile in a temporary directory. The caller must
 * `close()` the session (in a `finally`); when starting fails, everything is cleaned up here.
 */
export async function launchChromium(env: Record<string, string | undefined>, debug: (message: string) => void = () => {}): Promise<BrowserSession> {
  const { launch } = await loadRenderer();
  const executablePath = findChromium(env);
  // A short name: Chromium's single-instance socket goes under its TMPDIR, and a Unix socket's
  // path has at most 107 bytes on Linux (103 on macOS).
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'archlint-'));
  // Chromium's own temporary files (created and unlinked at once, but left behind when a process
  // of it is killed in between) and its socket directory go inside the profile, which is removed
  // however the browser ends, unless the socket's path would then be too long.
  const chromiumTmp = path.join(userDataDir, 'tmp');
  // Chromium's socket: <TMPDIR>/org.chromium.Chromium.<6 random characters>/SingletonSocket.
  const socketLength = Buffer.byteLength(chromiumTmp) + '/org.chromium.Chromium.'.length + 6 + '/SingletonSocket'.length;
  const ownTmp = socketLength <= (process.platform === 'darwin' ? 100 : 104);
  if (ownTmp) mkdirSync(chromiumTmp);
  const removeProfile = () => {
    // Chromium keeps its single-instance socket in a `.org.chromium.Chromium.*` directory of
    // TMPDIR, linked from the profile, and leaves it behind when it is killed: remove it too.
    try {
      const socketDir = path.dirname(readlinkSync(path.join(userDataDir, 'SingletonSocket')));
      if (/^\.?org\.chromium\.Chromium\.\w+$/.test(path.basename(socketDir))) rmSync(socketDir, { recursive: true, force: true });
    } catch {
      // No socket link: nothing of the browser's outside the profile.
    }
    rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
  };
  let browser: Browser;
  try {
    browser = await launch({
      executablePath,
      headless: 'shell',
      args: [...chromiumFlags],
      userDataDir,
      // Chromium also keeps crash reports and caches under ~/.config and ~/.cache: point those
      // into the temporary profile too, so that rendering leaves nothing behind.
      env: {
        ...env,
        XDG_CONFIG_HOME: path.join(userDataDir, 'config'),
        XDG_CACHE_HOME: path.join(userDataDir, 'cache'),
        ...(ownTmp ? { TMPDIR: chromiumTmp } : {}),
      },
      pipe: true,
      timeout: 60_000,
      // Laying out a diagram of thousands of components takes Mermaid a while.
      protocolTimeout: 600_000,
    });
  } catch (error) {
    removeProfile();
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new BrowserError(
      `cannot render SVG or PNG: ${executablePath} did not start (${reason}). Set ARCHLINT_CHROMIUM to a Chromium or Chrome that runs here; .mmd and .md outputs need no browser.`,
    );
  }
  let closed = false;
  const session: BrowserSession = {
    browser,
    executablePath,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await browser.close();
      } catch {
        // The browser died already: its process is gone, only the profile is left to remove.
        browser.process()?.kill('SIGKILL');
      } finally {
        removeProfile();
        debug('closed the browser');
      }
    },
  };
  try {
    debug(`launched ${await browser.version()} (${executablePath}, profile ${userDataDir})`);
  } catch (error) {
    await session.close();
    throw error;
  }
  return session;
}
