/**
 * How the dashboard has Ink draw, shared with the bench that times its frames. maxFps 60: the store and a log
 * publish at most every 33 ms, so data still draws at 30 frames a second or less; the higher cap is for keys,
 * whose frame would otherwise wait out the 33 ms since a log flood's last frame. Incremental rendering writes
 * only the lines that changed, which is what an SSH link carries.
 */
export const FRAME_OPTIONS = {maxFps: 60, incrementalRendering: true} as const;
