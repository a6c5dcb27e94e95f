// The few host globals the pure layers (schemas, contracts, grading) may use. They exist in
// browsers, Web Workers and Node alike; anything else (DOM, Node built-ins) is a type error there.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  readonly encoding: string;
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare const console: {
  log(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
};
declare function structuredClone<T>(value: T): T;
declare function queueMicrotask(callback: () => void): void;
declare const performance: { now(): number };
