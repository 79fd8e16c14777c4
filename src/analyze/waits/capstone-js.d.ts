// Types for the parts of @alexaltea/capstone-js (Capstone 5 compiled to WebAssembly) used here.
declare module '@alexaltea/capstone-js' {
  interface CsInstruction {
    address: number | bigint;
    size: number;
    bytes: number[];
    mnemonic: string;
    op_str: string;
  }
  interface CsDecoder {
    option(option: number, value: number): void;
    disasm(bytes: number[] | Uint8Array, address: number): CsInstruction[];
    close(): void;
  }
  interface CsModule {
    Capstone: new (arch: number, mode: number) => CsDecoder;
    ARCH_X86: number;
    MODE_64: number;
    OPT_SYNTAX: number;
    OPT_SYNTAX_ATT: number;
  }
  const factory: (options?: Record<string, unknown>) => Promise<CsModule>;
  export default factory;
}
