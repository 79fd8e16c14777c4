// Kernel lines as rsyslog writes them to /var/log/messages: `STAMP HOST kernel: LINE`.
export const viaSyslog = (text: string, stamp: string, host: string): string =>
  text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => `${stamp} ${host} kernel: ${line}`)
    .join('\n');
