// The sandbox's seccomp filter, read back instruction by instruction. (That the kernel applies it is
// checked in the real sandbox by tests/grader/adversarial.test.ts, case 24.)
import { describe, expect, it } from 'vitest';
import {
  DENIED_SYSCALLS,
  seccompInstructions,
  seccompProgram,
  seccompSupported,
} from '../../../src/runtime/node/seccomp.ts';
import type { BpfInstruction } from '../../../src/runtime/node/seccomp.ts';

const RET = 0x06;
const JEQ = 0x15;
const ALLOW = 0x7fff0000;
const EPERM = 0x00050001;

/** Runs the filter on one syscall, as the kernel's classic BPF interpreter would. */
function verdict(program: BpfInstruction[], arch: number, nr: number): number {
  let accumulator = 0;
  for (let pc = 0; pc < program.length; pc++) {
    const { code, jt, jf, k } = program[pc] as BpfInstruction;
    if (code === 0x20) accumulator = k === 4 ? arch : nr;
    else if (code === JEQ) pc += accumulator === k ? jt : jf;
    else if (code === 0x35) pc += accumulator >>> 0 >= k ? jt : jf;
    else if (code === RET) return k >>> 0;
    else throw new Error(`unexpected opcode ${code}`);
  }
  throw new Error('the filter fell off its end');
}

describe('the seccomp filter', () => {
  it('knows x86-64 and arm64 and nothing else', () => {
    expect(seccompSupported('x64')).toBe(true);
    expect(seccompSupported('arm64')).toBe(true);
    expect(seccompSupported('riscv64')).toBe(false);
    expect(() => seccompInstructions('riscv64')).toThrow(/no seccomp filter for the riscv64/);
  });

  it('on x86-64: EPERM for every denied syscall and for x32 numbers, allow for the rest, kill another architecture', () => {
    const program = seccompInstructions('x64');
    const x64 = 0xc000003e;
    for (const [name, nr] of [
      ['ptrace', 101],
      ['process_vm_readv', 310],
      ['pidfd_getfd', 438],
      ['mount', 165],
      ['unshare', 272],
      ['bpf', 321],
      ['userfaultfd', 323],
      ['perf_event_open', 298],
      ['keyctl', 250],
    ] as const) {
      expect(verdict(program, x64, nr), name).toBe(EPERM);
    }
    for (const allowed of [0, 1, 39, 57, 59, 231]) expect(verdict(program, x64, allowed)).toBe(ALLOW); // read, write, getpid, fork, execve, exit_group
    expect(verdict(program, x64, 0x40000000 + 1)).toBe(EPERM);
    expect(verdict(program, 0x40000003, 101)).toBe(0x80000000); // i386 audit arch: killed
    const denied = program.filter((instruction) => instruction.code === JEQ).length - 1; // minus the arch check
    expect(denied).toBe(DENIED_SYSCALLS.length);
  });

  it('on arm64: the generic syscall numbers', () => {
    const program = seccompInstructions('arm64');
    const arm64 = 0xc00000b7;
    expect(verdict(program, arm64, 117)).toBe(EPERM); // ptrace
    expect(verdict(program, arm64, 40)).toBe(EPERM); // mount
    expect(verdict(program, arm64, 172)).toBe(ALLOW); // getpid
  });

  it('is laid out as struct sock_filter, 8 bytes an instruction', () => {
    const program = seccompInstructions('x64');
    const bytes = seccompProgram('x64');
    expect(bytes.length).toBe(program.length * 8);
    const last = program.length - 1;
    expect(bytes.readUInt16LE(last * 8)).toBe(RET);
    expect(bytes.readUInt32LE(last * 8 + 4)).toBe(EPERM);
  });
});
