import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentType, isTrustedSenderUrl, resolveAppPath } from '../../main/shell/app-protocol-path.js';

const root = join('/opt', 'billrecon', 'out', 'renderer');

describe('app:// serves only the built renderer', () => {
  it.each([
    ['app://billrecon/', join(root, 'index.html')],
    ['app://billrecon/index.html', join(root, 'index.html')],
    ['app://billrecon/assets/index-abc.js', join(root, 'assets', 'index-abc.js')],
    ['app://billrecon/assets/%E8%B4%A6%E5%8D%95.css', join(root, 'assets', '账单.css')],
    ['app://billrecon/assets/../index.html', join(root, 'index.html')],
  ])('%s → a file inside the renderer folder', (url, expected) => {
    expect(resolveAppPath(root, url)).toBe(expected);
  });

  it.each([
    'app://billrecon/assets/..%2f..%2f..%2fetc%2fpasswd',
    'app://billrecon/..%5c..%5cwindows%5cwin.ini',
    'app://billrecon/C:%5cWindows%5cwin.ini',
    'app://billrecon/index.html%00.png',
    'app://billrecon/%E0%A4%A',
    'app://evil/index.html',
    'file:///etc/passwd',
    'https://billrecon/index.html',
    'not a url',
  ])('%s is refused', (url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });

  it.each(['app://billrecon/../../etc/passwd', 'app://billrecon/%2e%2e/%2e%2e/etc/passwd', 'app://billrecon/%2fetc%2fpasswd'])(
    '%s is collapsed at the root (as a browser does) and stays inside it',
    (url) => {
      expect(resolveAppPath(root, url)).toBe(join(root, 'etc', 'passwd'));
    },
  );

  it('gives scripts a JavaScript type (module scripts need it)', () => {
    expect(contentType('/x/a.js')).toBe('text/javascript; charset=utf-8');
    expect(contentType('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentType('/x/blob')).toBe('application/octet-stream');
  });

  it('trusts IPC only from app://billrecon frames', () => {
    expect(isTrustedSenderUrl('app://billrecon/index.html')).toBe(true);
    expect(isTrustedSenderUrl('https://example.com/')).toBe(false);
    expect(isTrustedSenderUrl('file:///opt/billrecon/out/renderer/index.html')).toBe(false);
    expect(isTrustedSenderUrl('app://billrecon.evil.com/index.html')).toBe(false);
    expect(isTrustedSenderUrl('')).toBe(false);
  });
});
