/**
 * What KiroGate claims to be. Kiro checks these strings loosely but they drift with IDE releases,
 * so every part is configurable; the defaults are those of a recent Kiro IDE on macOS.
 */
export interface KiroUserAgent {
  ideVersion: string;
  /** `os/<value>` in the user agent, e.g. `darwin#24.6.0` or `win32#10.0.22631`. */
  os: string;
  nodeVersion: string;
}

export const defaultKiroUserAgent: KiroUserAgent = {
  ideVersion: '0.11.107',
  os: 'darwin#24.6.0',
  nodeVersion: '22.22.0',
};
