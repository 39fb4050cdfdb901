/**
 * The optional renderer: SVG and PNG are drawn by mermaid-cli in a headless Chromium driven by
 * puppeteer. Neither is a dependency of archlint (a linter that checks text should not install a
 * browser stack): they are optional peer dependencies that a user who wants images installs beside
 * archlint, with puppeteer-core presented to mermaid-cli as `puppeteer` so that no browser is ever
 * downloaded. `.mmd` and `.md` outputs need neither, so nothing here is loaded for them.
 */
import { UsageError } from '../errors.js';

/** The command that installs the renderer beside a local archlint (`-g` for a global one). */
export const rendererInstall = 'npm install --save-dev @mermaid-js/mermaid-cli@11 puppeteer@npm:puppeteer-core@24';

/** The renderer is not installed: reported as `archlint: <message>` with exit code 2. */
export class RendererMissingError extends UsageError {}

export interface Renderer {
  launch: typeof import('puppeteer').launch;
  renderMermaid: typeof import('@mermaid-js/mermaid-cli').renderMermaid;
}

/** Whether `error` is Node's "cannot find package" for one of the renderer's packages. */
function missingPackage(error: unknown): string | undefined {
  if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  const name = /Cannot find (?:package|module) '([^']+)'/.exec(error.message)?.[1];
  if (name === undefined) return undefined;
  const pkg = name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0];
  return pkg === '@mermaid-js/mermaid-cli' || pkg === 'puppeteer' ? pkg : undefined;
}

let loaded: Promise<Renderer> | undefined;

/** Loads mermaid-cli and puppeteer, or says exactly what to install when either is missing. */
export function loadRenderer(): Promise<Renderer> {
  const loading = (loaded ??= (async () => {
    try {
      const [{ launch }, { renderMermaid }] = await Promise.all([import('puppeteer'), import('@mermaid-js/mermaid-cli')]);
      return { launch, renderMermaid };
    } catch (error) {
      loaded = undefined;
      const pkg = missingPackage(error);
      if (pkg === undefined) throw error;
      throw new RendererMissingError(
        `cannot render SVG or PNG: they need the optional renderer, and ${pkg} is not installed. ` +
          `Install it beside archlint: \`${rendererInstall}\` (with a global archlint, \`npm install -g\` the same two). ` +
          'It uses your own Chromium and never downloads one. .mmd and .md outputs need no renderer.',
      );
    }
  })());
  return loading;
}
