// Messages in the host's log that mean "the machine just booted" (each with an example).
export const BOOT_PATTERNS: RegExp[] = [
  // kernel: Linux version 4.18.0-372.19.1.es8_10.aarch64 (mockbuild@aarch64-kojid) (gcc version 8.4.1 …
  /^Linux version \S+/,
  // rsyslogd: [origin software="rsyslogd" swVersion="8.2102.0" x-pid="1234" x-info="https://www.rsyslog.com"] start
  /^\[origin software="rsyslogd".*\] start$/,
  // journal: Runtime Journal (/run/log/journal/…) is 8.0M, max 4.0G, 3.9G free.
  /^Runtime [Jj]ournal \(/,
];

/** For the fast lane: how every boot message starts (BOOT_PATTERNS are anchored on the message). */
export const BOOT_OPENS = /Linux version |\[origin software=|Runtime [Jj]ournal/;

// An ISO-8601 timestamp with a zone inside a message, as Go, Java and JSON loggers write them:
// {"level":"warn","ts":"2024-03-27T12:48:45.46512Z","caller":"rafthttp/peer.go:267",…}
export const EMBEDDED_UTC_TIMESTAMP = /(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:?\d\d)(?![\d:])/;
