// Shapes of the IPMI reference tables (see ipmi-data.ts for their origin).

export interface OffsetRow {
  offset: number;
  /** Spec-style long name (FreeIPMI -vv). */
  name: string;
  /** FreeIPMI `ipmi-sel` Event column text. */
  short: string;
  /** ipmitool description column text (some threshold strings keep ipmitool's trailing space); absent when ipmitool prints none. */
  ipmitool?: string;
  /** FreeIPMI's default interpretation of an assertion: Nominal / Warning / Critical. */
  severityHint?: string;
  /** Threshold offsets: the level crossed (`Upper Critical`). */
  level?: string;
}

export interface SensorTypeRow {
  code: number;
  name: string;
  /** ipmitool ≥1.8.18 column name. */
  ipmitool: string;
  /** ipmitool ≤1.8.17 column name when it differs. */
  legacy?: string;
  redfish?: string;
}

export interface IpmiTables {
  sensorTypes: SensorTypeRow[];
  eventReadingTypes: { code: number; label: string; offsets: OffsetRow[] }[];
  sensorSpecific: { sensorType: number; offsets: OffsetRow[] }[];
  redfishEntryCodes: string[];
}
