// The objects the functions return (wasm-bindgen puts this text into
// netvu-parser.d.ts; src/views.rs makes the objects). Names of formats,
// codecs and problem codes are those of `netvu info --json`; field names are
// camelCase; what is missing is null; offsets are bytes from the start of the
// file (settings: of the settings text).

/** What a file is, from its content. */
export type Format = "adbinary" | "admime" | "adraw" | "dspic" | "par" | "unknown_par" | "unknown" | "not_netvu";

/** A file that is not a NetVu recording, and the line to show for it. */
export interface NotNetvu {
  kind: "parchive" | "par2" | "zip" | "text";
  message: string;
}

export interface Probe {
  format: Format;
  /** Set when `format` is `not_netvu`. */
  notNetvu: NotNetvu | null;
}

export type Media = "video" | "audio" | "data";

export type Codec =
  | "jpeg" | "jfif" | "mpeg4" | "h264" | "bmp" | "pbm"
  | "adpcm_ima" | "pcm_s16le"
  | "info" | "xml" | "layout" | "svars";

/** One unit of the file: a picture, a block of sound or a data unit. */
export interface IndexedFrame {
  media: Media;
  codec: Codec;
  /** A picture's camera; for sound, the camera it belongs to where the file says. */
  camera: number | null;
  /** A sound block's channel. */
  channel: number | null;
  key: boolean;
  /** A picture cut short by the end of the file. */
  truncated: boolean;
  /** UTC milliseconds. */
  timestampMs: number | null;
  frameNumber: number | null;
  /** Pictures only. */
  width: number | null;
  height: number | null;
  /** Sound only, in Hz. */
  sampleRate: number | null;
  /** The unit's bytes: `file.slice(unitOffset, unitOffset + unitLength)`. */
  unitOffset: number;
  unitLength: number;
  payloadOffset: number;
  payloadLength: number;
}

export interface CameraSummary {
  camera: number;
  title: string;
  codec: Codec;
  width: number;
  height: number;
  frames: number;
  keyFrames: number;
  firstTimestampMs: number | null;
  lastTimestampMs: number | null;
}

export interface AudioSummary {
  channel: number;
  cameraOfAudio: number | null;
  codec: Codec;
  sampleRate: number;
  frames: number;
  firstTimestampMs: number | null;
  lastTimestampMs: number | null;
}

/** An event on the timeline (PAR `EVNT`). */
export interface RecordedEvent {
  offset: number;
  timestampMs: number;
  /** 0: the whole unit. */
  camera: number;
  kind: "alarm" | "motion" | "video_loss" | "tamper" | "system" | { other: number };
  text: string;
}

export type ProblemCode =
  | "truncated" | "padding" | "unrecognised" | "bad_size" | "bad_header" | "bad_content"
  | "crc_mismatch" | "unknown_type" | "recovered" | "missing_field" | "bad_index"
  | "too_large" | "not_netvu" | "carved" | "ignored";

/** Something wrong in the file; match `code`, show `detail`. */
export interface Problem {
  offset: number;
  code: ProblemCode;
  detail: string;
  /** Where the problem covers a run of bytes. */
  length: number | null;
}

/** The fixed header of a PAR v1 file. */
export interface ParHeader {
  version: number;
  headerSize: number;
  createdMs: number;
  /** Minutes: local time = UTC + offset. */
  utcOffset: number;
  sequence: number;
  indexOffset: number;
  flags: number;
}

export interface FileIndex {
  format: Format;
  notNetvu: NotNetvu | null;
  /** In file order, data units included: `frame(bytes, n)` takes a position here. */
  frames: IndexedFrame[];
  cameras: CameraSummary[];
  audio: AudioSummary[];
  events: RecordedEvent[];
  problems: Problem[];
  /** Problems past the cap of 10 000, counted but not listed. */
  problemsNotListed: number;
  parHeader: ParHeader | null;
  settings: Settings | null;
}

/** One `key = value` line; a secret's (a key containing `password`) value is "". */
export interface SettingsEntry {
  key: string;
  value: string;
  offset: number;
  secret: boolean;
}

export interface SettingsSection {
  name: string;
  offset: number;
  entries: SettingsEntry[];
}

export interface SettingsWarning {
  offset: number;
  section: string;
  key: string | null;
  message: string;
}

/** A typed value and its text: `value` is null when `raw` did not read (a warning says why). */
export interface Parsed<T> {
  raw: string;
  value: T | null;
}

export interface ClockTime { hour: number; minute: number; }
/** `weekday` 0 is Monday. */
export interface WeekTime { weekday: number; time: ClockTime; }
export interface Resolution { width: number; height: number; }
export interface Grid { columns: number; rows: number; }
export interface IpNet { addr: string; prefix: number; }
export interface PortRange { first: number; last: number; }
export type ScheduleMode = "day" | "night" | "weekend" | "off";

/** Each well-known section's known keys; `other` holds the rest of its entries. */
export interface UnitSettings {
  offset: number;
  name: string | null;
  model: string | null;
  serial: string | null;
  firmware: string | null;
  videoStandard: string | null;
  site: string | null;
  other: SettingsEntry[];
}

export interface NetworkSettings {
  offset: number;
  dhcp: Parsed<boolean> | null;
  ip: Parsed<string> | null;
  subnet: Parsed<string> | null;
  gateway: Parsed<string> | null;
  dns: Parsed<string> | null;
  httpPort: Parsed<number> | null;
  netvuPort: Parsed<number> | null;
  other: SettingsEntry[];
}

export interface TimeSettings {
  offset: number;
  timezone: string | null;
  utcOffset: Parsed<number> | null;
  ntpServer: string | null;
  dst: Parsed<boolean> | null;
  other: SettingsEntry[];
}

export interface CameraSettings {
  number: number;
  offset: number;
  title: string | null;
  connected: Parsed<boolean> | null;
  viewable: Parsed<boolean> | null;
  terminated: Parsed<boolean> | null;
  mono: Parsed<boolean> | null;
  telemetry: string | null;
  codec: string | null;
  resolution: Parsed<Resolution> | null;
  recordDay: Parsed<boolean> | null;
  recordNight: Parsed<boolean> | null;
  recordWeekend: Parsed<boolean> | null;
  /** Pictures per second. */
  recordRate: Parsed<number> | null;
  alarmRecordRate: Parsed<number> | null;
  preAlarmRate: Parsed<number> | null;
  imageSizeKb: Parsed<number> | null;
  /** Seconds. */
  recordDuration: Parsed<number> | null;
  qFactor: Parsed<number> | null;
  other: SettingsEntry[];
}

export interface ScheduleSettings {
  offset: number;
  dayStart: Parsed<ClockTime> | null;
  nightStart: Parsed<ClockTime> | null;
  weekendStart: Parsed<WeekTime> | null;
  weekendEnd: Parsed<WeekTime> | null;
  /** Monday to Sunday: one mode per slot. */
  days: (Parsed<ScheduleMode[]> | null)[];
  other: SettingsEntry[];
}

export interface VmdSettings {
  camera: number;
  offset: number;
  enabled: Parsed<boolean> | null;
  detection: string | null;
  mode: string | null;
  pixelCount: Parsed<number> | null;
  pixelChange: Parsed<number> | null;
  pulseExtension: Parsed<number> | null;
  preAlarm: Parsed<number> | null;
  grid: Parsed<Grid> | null;
  /** One number per grid row, the leftmost column its highest bit. */
  zones: Parsed<number[]> | null;
  other: SettingsEntry[];
}

export interface AlarmSettings {
  number: number;
  offset: number;
  title: string | null;
  input: string | null;
  contact: Parsed<"NO" | "NC"> | null;
  cameras: Parsed<number[]> | null;
  preAlarm: Parsed<number> | null;
  duration: Parsed<number> | null;
  relay: string | null;
  other: SettingsEntry[];
}

export interface EmailSettings {
  offset: number;
  enabled: Parsed<boolean> | null;
  smtpServer: string | null;
  recipient: string | null;
  sender: string | null;
  replyTo: string | null;
  displayName: string | null;
  reportOn: string[];
  other: SettingsEntry[];
}

export interface SmsSettings {
  offset: number;
  enabled: Parsed<boolean> | null;
  destination: string | null;
  profile: string | null;
  other: SettingsEntry[];
}

export interface FtpSettings {
  offset: number;
  enabled: Parsed<boolean> | null;
  server: string | null;
  port: Parsed<number> | null;
  directory: string | null;
  user: string | null;
  password: SettingsEntry | null;
  other: SettingsEntry[];
}

export interface FirewallSettings {
  offset: number;
  ping: Parsed<boolean> | null;
  allowedIp: Parsed<IpNet[]> | null;
  openTcpPorts: Parsed<PortRange[]> | null;
  other: SettingsEntry[];
}

export interface SecuritySettings {
  offset: number;
  userPassword: SettingsEntry | null;
  installerPassword: SettingsEntry | null;
  playbackPassword: SettingsEntry | null;
  other: SettingsEntry[];
}

export interface TypedSettings {
  unit: UnitSettings | null;
  network: NetworkSettings | null;
  time: TimeSettings | null;
  cameras: CameraSettings[];
  schedule: ScheduleSettings | null;
  vmd: VmdSettings[];
  alarms: AlarmSettings[];
  email: EmailSettings | null;
  sms: SmsSettings | null;
  ftp: FtpSettings | null;
  firewall: FirewallSettings | null;
  security: SecuritySettings | null;
  unknownSections: string[];
}

/** A unit's settings: every section as written, the well-known ones typed, what did not read. */
export interface Settings {
  sections: SettingsSection[];
  typed: TypedSettings;
  warnings: SettingsWarning[];
}

/** Every field of a NetVu picture header. */
export interface PictureHeader {
  version: number;
  mode: number;
  cam: number;
  vidFormat: number;
  startOffset: number;
  size: number;
  maxSize: number;
  targetSize: number;
  factor: number;
  almBitmaskHi: number;
  status: number;
  sessionTime: number;
  milliseconds: number;
  res: string;
  title: string;
  alarm: string;
  srcPixels: number;
  srcLines: number;
  targetPixels: number;
  targetLines: number;
  pixelOffset: number;
  lineOffset: number;
  locale: string;
  utcOffset: number;
  almBitmask: number;
}

export interface AudioHeader {
  version: number;
  mode: number;
  channel: number;
  additionalLen: number;
  audioLen: number;
  seconds: number;
  msecs: number;
}

/** The text block after a picture header (or a comment's extra lines). */
export interface TextBlock {
  frameNum: number | null;
  activeZones: number | null;
  actMask: number[];
  /** `VSD` rows: [sub-key, values]. */
  vsd: [string, number[]][];
  lines: string[];
}

/** What a frame's own headers say (picture or audio header, JFIF comment, MIME text part). */
export interface FrameDetail {
  title: string;
  alarm: string;
  locale: string | null;
  /** Minutes: local time = UTC + offset. */
  utcOffset: number | null;
  qFactor: number | null;
  vidFormat: number | null;
  almBitmask: number | null;
  almBitmaskHi: number | null;
  text: string;
  textFields: TextBlock;
  pictureHeader: PictureHeader | null;
  audioHeader: AudioHeader | null;
  dsSequence: number | null;
  /** What could not be read. */
  problems: string[];
}

/** A frame as a decoder takes it. */
export type Decodable =
  /** A complete JFIF file (`createImageBitmap(new Blob([bytes]))`). */
  | { kind: "jpeg"; bytes: Uint8Array }
  /** A complete `.bmp` file. */
  | { kind: "bmp"; bytes: Uint8Array }
  /** MPEG-4 Part 2; an I-VOP comes with a VOL where the stream has none. */
  | { kind: "mpeg4"; bytes: Uint8Array }
  /** H.264 in Annex B. */
  | { kind: "h264"; bytes: Uint8Array }
  /** Mono 16-bit samples. */
  | { kind: "audio"; sampleRate: number; samples: Int16Array }
  /** A motion mask as a P4 `.pbm` file. */
  | { kind: "mask"; width: number; height: number; pbm: Uint8Array }
  | { kind: "data"; text: string };

export interface Frame extends IndexedFrame {
  detail: FrameDetail;
  decodable: Decodable | null;
  /** Why `decodable` is null. */
  decodeError: string | null;
}
