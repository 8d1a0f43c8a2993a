// Its own module, so the host provider's rules (loaded for the first frame) can read it without the config schema's imports.
/** The host thresholds in percent, and how long a reading must stay over one, used where `alerts.host` leaves them out. */
export const DEFAULT_THRESHOLDS = {cpu: 90, memory: 90, filesystem: 90, forMs: 5 * 60_000} as const;
