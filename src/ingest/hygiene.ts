// Per-line clean-up of what serial consoles and terminals add to logs.

// CSI/OSC escape sequences (colours, cursor moves) and lone C0 control bytes other than tab.
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function cleanLine(text: string): string {
  if (!/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) return text;
  return text.replace(ANSI, '').replace(CONTROL, '');
}
