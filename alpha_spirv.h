/* alpha_spirv.h - v0.1.0 - SPIR-V module builder and spirv-as compatible text assembler

   Builds SPIR-V compute modules at run time with a short builder API (types, constants,
   variables, structured control flow, arithmetic, GLSL.std.450, barriers, atomics,
   subgroup and cooperative-matrix operations) and assembles SPIR-V assembly text (the
   syntax `spirv-as` accepts and `spirv-dis` prints) into the same words `spirv-as` writes.
   It is the kernel generator of alpha_vk.h, and useful on its own wherever a program
   wants to make shaders without shipping a compiler.

   DO THIS in exactly one C or C++ file before including it:
       #define ALPHA_SPIRV_IMPLEMENTATION   (or ALPHA_IMPLEMENTATION for every alpha header)
       #include "alpha_spirv.h"
   Other files include it without the define.

   CONFIG MACROS (define before the implementation):
       ALPHA_STATIC            make every function static to the including file
       ALPHA_MALLOC/ALPHA_FREE default memory functions (malloc/free)
       ALPHA_SPIRV_GENERATOR   generator word written into headers (default 0)

   DEPENDENCIES: the C library only (no libm). Link nothing.

   WHAT IT DOES NOT DO: validate modules the way spirv-val does (it checks what a builder can
   check: blocks, terminators, operand types of the typed helpers); disassemble; optimize;
   images, samplers and graphics stages (the grammar covers compute: core SPIR-V 1.6
   instructions minus images/kernels/pipes, GLSL.std.450, SPV_KHR/NV_cooperative_matrix,
   SPV_NV_cooperative_matrix2 and SPV_NV_tensor_addressing, float atomics).

   QUICK START: y[i] = 2 * x[i], written to double.spv (check it with spirv-val)

   ```c
   #include <stdio.h>
   #define ALPHA_SPIRV_IMPLEMENTATION
   #include "alpha_spirv.h"

   int main(void) {
       alpha_spirv_module *m;
       const uint32_t *words; size_t n; FILE *f;
       uint32_t f32, x, y, i, v;
       if (alpha_spirv_module_create(&m, NULL) != ALPHA_OK) return 1; // NULL desc: defaults
       f32 = alpha_spirv_type_float(m, 32);
       x = alpha_spirv_buffer(m, f32, 0, 0, ALPHA_SPIRV_READONLY);   // set 0, binding 0
       y = alpha_spirv_buffer(m, f32, 0, 1, 0);                      // set 0, binding 1
       alpha_spirv_compute_begin(m, "main", 64, 1, 1);               // local size 64x1x1
       i = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInGlobalInvocationId, 0);
       v = alpha_spirv_load(m, alpha_spirv_buffer_at(m, x, i));
       v = alpha_spirv_fmul(m, v, alpha_spirv_const_f32(m, 2.0f));
       alpha_spirv_store(m, alpha_spirv_buffer_at(m, y, i), v);
       alpha_spirv_return(m);
       alpha_spirv_function_end(m);
       if (alpha_spirv_module_finish(m, &words, &n) != ALPHA_OK) {
           fprintf(stderr, "%s\n", alpha_spirv_module_last_error(m));
           return 1;
       }
       f = fopen("double.spv", "wb");
       if (f) { fwrite(words, 4, n, f); fclose(f); }
       alpha_spirv_module_destroy(m);
       return 0;
   }
   ```

   IDS AND TYPES: every result is a uint32_t id; 0 means "failed" (see ERRORS). The builder
   remembers the type of every value, so most helpers infer result types (alpha_spirv_fadd(m,
   a, b) has the type of a; alpha_spirv_load(m, p) the pointee of p; access chains walk the
   pointee). Types and constants are deduplicated: asking twice gives the same id.
   Specialization constants are never merged.

   LAYOUT: storage/uniform/push-constant data needs explicit layout (Offset, ArrayStride,
   Block). alpha_spirv_type_layout() returns a laid-out copy of a type (std430 or std140),
   alpha_spirv_type_block() a Block struct of laid-out members; the plain types stay bare,
   which is what Workgroup and Function variables must use. alpha_spirv_buffer() and
   alpha_spirv_push_constants() do all of it for the common cases.

   SECTIONS: instructions may be emitted in any order (a type after a function started, a
   decoration at the end); alpha_spirv_module_finish() writes the sections in the order the
   specification requires, computes the id bound, adds the memory model (Logical GLSL450,
   or PhysicalStorageBuffer64 when such pointers exist, or what alpha_spirv_memory_model()
   chose), and fills each entry point's interface (all module-scope variables for SPIR-V
   1.4+, Input/Output ones before). Function-storage variables are hoisted to the entry
   block of their function.

   CAPABILITIES: Shader is always declared. Helpers declare what they need (Float16 for a
   16-bit float type, StorageBuffer16BitAccess for 16-bit buffers, GroupNonUniform* for
   subgroup operations, CooperativeMatrixKHR, ...) and the extensions that go with them,
   unless desc.flags has ALPHA_SPIRV_NO_AUTO_CAPS. Declare others with
   alpha_spirv_capability().

   CONTROL FLOW: alpha_spirv_if_begin/else/if_end, alpha_spirv_loop_begin/loop_while/
   loop_continue_block/loop_end, alpha_spirv_for_begin/for_end (an integer induction value
   kept in an OpPhi), loop_break and loop_continue emit structured control flow with the
   merge and continue blocks SPIR-V requires; alpha_spirv_label/branch/phi are there for
   anything else.

   ERRORS: builder misuse (an instruction outside a block, a block left unterminated, operand
   types a helper can check, unknown ids) records a message naming the function and the
   instruction, e.g. "alpha_spirv_fadd (OpFAdd): operand %7 has type uint32, expected a float
   type like %5 (float32)", logs it through the logger, and makes the module fail: every
   later call returns 0 and alpha_spirv_module_finish() returns the error. The library never
   aborts. alpha_spirv_assemble() reports "line:col: message" (1-based) in its error struct.

   MEMORY: everything comes from desc.allocator (or ALPHA_MALLOC/ALPHA_FREE). The words that
   alpha_spirv_module_finish() returns belong to the module; assembled words are freed with
   alpha_spirv_words_free().

   THREADING: one module, one thread at a time; distinct modules are independent. No globals.

   FORMATS: SPIR-V words in host order (little-endian files on every platform we target).
   The text assembler accepts what SPIRV-Tools' spirv-as (2023.1) accepts: `%name` ids
   numbered in order of first appearance (numeric `%12` ids are names too), `%x = OpFoo`,
   named enumerants and masks (`None|Unroll`), quoted strings with backslash escapes,
   integer literals (decimal, 0x hex, 0 octal) and float literals (decimal and hex floats,
   `0x1.8p+3`) of every width typed by the instruction, `!<integer>` raw words, `;`
   comments. It also requires every id to be defined (spirv-as does not).
*/
#ifndef ALPHA_SPIRV_H
#define ALPHA_SPIRV_H

/* ---- alpha common block: identical in every alpha_*.h, guarded so it is seen once ---- */
#ifndef ALPHA_COMMON_DEFINED
#define ALPHA_COMMON_DEFINED
#include <stddef.h>
#include <stdint.h>

#ifdef ALPHA_STATIC
#if defined(__GNUC__) || defined(__clang__)
#define ALPHA_API static __attribute__((unused)) /* no warning for the functions a TU does not call */
#else
#define ALPHA_API static
#endif
#else
#define ALPHA_API extern
#endif

#ifdef __cplusplus
#define ALPHA_EXTERN_C_BEGIN extern "C" {
#define ALPHA_EXTERN_C_END }
#else
#define ALPHA_EXTERN_C_BEGIN
#define ALPHA_EXTERN_C_END
#endif

/* Every function that can fail for reasons outside the caller's code returns one of these. */
typedef enum alpha_result {
    ALPHA_OK = 0,
    ALPHA_ERR_INVALID = -1,     /* bad argument: shape, axis, dtype, index, option */
    ALPHA_ERR_OOM = -2,         /* host or device memory exhausted */
    ALPHA_ERR_IO = -3,          /* file could not be opened, read or written */
    ALPHA_ERR_FORMAT = -4,      /* malformed input: text, file, JSON */
    ALPHA_ERR_UNSUPPORTED = -5, /* valid request this build or device cannot do */
    ALPHA_ERR_DEVICE = -6,      /* GPU/driver failure */
    ALPHA_ERR_STATE = -7        /* object misuse or an earlier sticky failure */
} alpha_result;

typedef enum alpha_log_level {
    ALPHA_LOG_DEBUG = 0, ALPHA_LOG_INFO = 1, ALPHA_LOG_WARN = 2, ALPHA_LOG_ERROR = 3
} alpha_log_level;

/* Where messages go. func == NULL means: warnings and errors to stderr. */
typedef struct alpha_logger {
    void (*func)(void *user_data, alpha_log_level level, const char *message);
    void *user_data;
} alpha_logger;

/* Where memory comes from. alloc == NULL means ALPHA_MALLOC / ALPHA_FREE (malloc/free).
   alloc must return memory aligned to at least 16 bytes (library code aligns further itself). */
typedef struct alpha_allocator {
    void *(*alloc)(void *user_data, size_t size);
    void (*free)(void *user_data, void *ptr);
    void *user_data;
} alpha_allocator;

static inline const char *alpha_result_str(alpha_result r) {
    switch (r) {
    case ALPHA_OK: return "ok";
    case ALPHA_ERR_INVALID: return "invalid argument";
    case ALPHA_ERR_OOM: return "out of memory";
    case ALPHA_ERR_IO: return "i/o error";
    case ALPHA_ERR_FORMAT: return "malformed input";
    case ALPHA_ERR_UNSUPPORTED: return "unsupported";
    case ALPHA_ERR_DEVICE: return "device error";
    case ALPHA_ERR_STATE: return "invalid state";
    }
    return "unknown error";
}
#endif /* ALPHA_COMMON_DEFINED */

/* ---- SPIR-V grammar: X(kind, name, value, operand pattern) lists; they define the ALPHA_SPIRV_<kind><name> enums below and the assembler tables ---- */
#define ALPHA_SPIRV_LIST_Op(X) \
    X(Op,Nop,0,"") X(Op,Undef,1,"TR") X(Op,SourceContinued,2,"s") X(Op,Source,3,"Lni?s?") \
    X(Op,SourceExtension,4,"s") X(Op,Name,5,"is") X(Op,MemberName,6,"ins") X(Op,String,7,"Rs") \
    X(Op,Line,8,"inn") X(Op,Extension,10,"s") X(Op,ExtInstImport,11,"Rs") \
    X(Op,ExtInst,12,"TRixi*") X(Op,MemoryModel,14,"AM") X(Op,EntryPoint,15,"Eisi*") \
    X(Op,ExecutionMode,16,"iX") X(Op,Capability,17,"C") X(Op,TypeVoid,19,"R") \
    X(Op,TypeBool,20,"R") X(Op,TypeInt,21,"Rnn") X(Op,TypeFloat,22,"Rne?") \
    X(Op,TypeVector,23,"Rin") X(Op,TypeMatrix,24,"Rin") X(Op,TypeSampler,26,"R") \
    X(Op,TypeSampledImage,27,"Ri") X(Op,TypeArray,28,"Rii") X(Op,TypeRuntimeArray,29,"Ri") \
    X(Op,TypeStruct,30,"Ri*") X(Op,TypePointer,32,"RSi") X(Op,TypeFunction,33,"Rii*") \
    X(Op,TypeForwardPointer,39,"iS") X(Op,ConstantTrue,41,"TR") X(Op,ConstantFalse,42,"TR") \
    X(Op,Constant,43,"TRc") X(Op,ConstantComposite,44,"TRi*") X(Op,ConstantNull,46,"TR") \
    X(Op,SpecConstantTrue,48,"TR") X(Op,SpecConstantFalse,49,"TR") X(Op,SpecConstant,50,"TRc") \
    X(Op,SpecConstantComposite,51,"TRi*") X(Op,SpecConstantOp,52,"TRo") X(Op,Function,54,"TRFi") \
    X(Op,FunctionParameter,55,"TR") X(Op,FunctionEnd,56,"") X(Op,FunctionCall,57,"TRii*") \
    X(Op,Variable,59,"TRSi?") X(Op,ImageTexelPointer,60,"TRiii") X(Op,Load,61,"TRim?") \
    X(Op,Store,62,"iim?") X(Op,CopyMemory,63,"iim?m?") X(Op,CopyMemorySized,64,"iiim?m?") \
    X(Op,AccessChain,65,"TRii*") X(Op,InBoundsAccessChain,66,"TRii*") \
    X(Op,PtrAccessChain,67,"TRiii*") X(Op,ArrayLength,68,"TRin") X(Op,Decorate,71,"iD") \
    X(Op,MemberDecorate,72,"inD") X(Op,DecorationGroup,73,"R") X(Op,GroupDecorate,74,"ii*") \
    X(Op,GroupMemberDecorate,75,"iQ*") X(Op,VectorExtractDynamic,77,"TRii") \
    X(Op,VectorInsertDynamic,78,"TRiii") X(Op,VectorShuffle,79,"TRiin*") \
    X(Op,CompositeConstruct,80,"TRi*") X(Op,CompositeExtract,81,"TRin*") \
    X(Op,CompositeInsert,82,"TRiin*") X(Op,CopyObject,83,"TRi") X(Op,Transpose,84,"TRi") \
    X(Op,ConvertFToU,109,"TRi") X(Op,ConvertFToS,110,"TRi") X(Op,ConvertSToF,111,"TRi") \
    X(Op,ConvertUToF,112,"TRi") X(Op,UConvert,113,"TRi") X(Op,SConvert,114,"TRi") \
    X(Op,FConvert,115,"TRi") X(Op,QuantizeToF16,116,"TRi") X(Op,ConvertPtrToU,117,"TRi") \
    X(Op,ConvertUToPtr,120,"TRi") X(Op,Bitcast,124,"TRi") X(Op,SNegate,126,"TRi") \
    X(Op,FNegate,127,"TRi") X(Op,IAdd,128,"TRii") X(Op,FAdd,129,"TRii") X(Op,ISub,130,"TRii") \
    X(Op,FSub,131,"TRii") X(Op,IMul,132,"TRii") X(Op,FMul,133,"TRii") X(Op,UDiv,134,"TRii") \
    X(Op,SDiv,135,"TRii") X(Op,FDiv,136,"TRii") X(Op,UMod,137,"TRii") X(Op,SRem,138,"TRii") \
    X(Op,SMod,139,"TRii") X(Op,FRem,140,"TRii") X(Op,FMod,141,"TRii") \
    X(Op,VectorTimesScalar,142,"TRii") X(Op,MatrixTimesScalar,143,"TRii") \
    X(Op,VectorTimesMatrix,144,"TRii") X(Op,MatrixTimesVector,145,"TRii") \
    X(Op,MatrixTimesMatrix,146,"TRii") X(Op,OuterProduct,147,"TRii") X(Op,Dot,148,"TRii") \
    X(Op,IAddCarry,149,"TRii") X(Op,ISubBorrow,150,"TRii") X(Op,UMulExtended,151,"TRii") \
    X(Op,SMulExtended,152,"TRii") X(Op,Any,154,"TRi") X(Op,All,155,"TRi") X(Op,IsNan,156,"TRi") \
    X(Op,IsInf,157,"TRi") X(Op,LogicalEqual,164,"TRii") X(Op,LogicalNotEqual,165,"TRii") \
    X(Op,LogicalOr,166,"TRii") X(Op,LogicalAnd,167,"TRii") X(Op,LogicalNot,168,"TRi") \
    X(Op,Select,169,"TRiii") X(Op,IEqual,170,"TRii") X(Op,INotEqual,171,"TRii") \
    X(Op,UGreaterThan,172,"TRii") X(Op,SGreaterThan,173,"TRii") \
    X(Op,UGreaterThanEqual,174,"TRii") X(Op,SGreaterThanEqual,175,"TRii") \
    X(Op,ULessThan,176,"TRii") X(Op,SLessThan,177,"TRii") X(Op,ULessThanEqual,178,"TRii") \
    X(Op,SLessThanEqual,179,"TRii") X(Op,FOrdEqual,180,"TRii") X(Op,FUnordEqual,181,"TRii") \
    X(Op,FOrdNotEqual,182,"TRii") X(Op,FUnordNotEqual,183,"TRii") X(Op,FOrdLessThan,184,"TRii") \
    X(Op,FUnordLessThan,185,"TRii") X(Op,FOrdGreaterThan,186,"TRii") \
    X(Op,FUnordGreaterThan,187,"TRii") X(Op,FOrdLessThanEqual,188,"TRii") \
    X(Op,FUnordLessThanEqual,189,"TRii") X(Op,FOrdGreaterThanEqual,190,"TRii") \
    X(Op,FUnordGreaterThanEqual,191,"TRii") X(Op,ShiftRightLogical,194,"TRii") \
    X(Op,ShiftRightArithmetic,195,"TRii") X(Op,ShiftLeftLogical,196,"TRii") \
    X(Op,BitwiseOr,197,"TRii") X(Op,BitwiseXor,198,"TRii") X(Op,BitwiseAnd,199,"TRii") \
    X(Op,Not,200,"TRi") X(Op,BitFieldInsert,201,"TRiiii") X(Op,BitFieldSExtract,202,"TRiii") \
    X(Op,BitFieldUExtract,203,"TRiii") X(Op,BitReverse,204,"TRi") X(Op,BitCount,205,"TRi") \
    X(Op,ControlBarrier,224,"iii") X(Op,MemoryBarrier,225,"ii") X(Op,AtomicLoad,227,"TRiii") \
    X(Op,AtomicStore,228,"iiii") X(Op,AtomicExchange,229,"TRiiii") \
    X(Op,AtomicCompareExchange,230,"TRiiiiii") X(Op,AtomicIIncrement,232,"TRiii") \
    X(Op,AtomicIDecrement,233,"TRiii") X(Op,AtomicIAdd,234,"TRiiii") \
    X(Op,AtomicISub,235,"TRiiii") X(Op,AtomicSMin,236,"TRiiii") X(Op,AtomicUMin,237,"TRiiii") \
    X(Op,AtomicSMax,238,"TRiiii") X(Op,AtomicUMax,239,"TRiiii") X(Op,AtomicAnd,240,"TRiiii") \
    X(Op,AtomicOr,241,"TRiiii") X(Op,AtomicXor,242,"TRiiii") X(Op,Phi,245,"TRr*") \
    X(Op,LoopMerge,246,"iil") X(Op,SelectionMerge,247,"ih") X(Op,Label,248,"R") \
    X(Op,Branch,249,"i") X(Op,BranchConditional,250,"iiin*") X(Op,Switch,251,"iiP*") \
    X(Op,Kill,252,"") X(Op,Return,253,"") X(Op,ReturnValue,254,"i") X(Op,Unreachable,255,"") \
    X(Op,NoLine,317,"") X(Op,TypePipeStorage,322,"R") X(Op,TypeNamedBarrier,327,"R") \
    X(Op,NamedBarrierInitialize,328,"TRi") X(Op,MemoryNamedBarrier,329,"iii") \
    X(Op,ModuleProcessed,330,"s") X(Op,ExecutionModeId,331,"iX") X(Op,DecorateId,332,"iD") \
    X(Op,GroupNonUniformElect,333,"TRi") X(Op,GroupNonUniformAll,334,"TRii") \
    X(Op,GroupNonUniformAny,335,"TRii") X(Op,GroupNonUniformAllEqual,336,"TRii") \
    X(Op,GroupNonUniformBroadcast,337,"TRiii") X(Op,GroupNonUniformBroadcastFirst,338,"TRii") \
    X(Op,GroupNonUniformBallot,339,"TRii") X(Op,GroupNonUniformInverseBallot,340,"TRii") \
    X(Op,GroupNonUniformBallotBitExtract,341,"TRiii") \
    X(Op,GroupNonUniformBallotBitCount,342,"TRiGi") X(Op,GroupNonUniformBallotFindLSB,343,"TRii") \
    X(Op,GroupNonUniformBallotFindMSB,344,"TRii") X(Op,GroupNonUniformShuffle,345,"TRiii") \
    X(Op,GroupNonUniformShuffleXor,346,"TRiii") X(Op,GroupNonUniformShuffleUp,347,"TRiii") \
    X(Op,GroupNonUniformShuffleDown,348,"TRiii") X(Op,GroupNonUniformIAdd,349,"TRiGii?") \
    X(Op,GroupNonUniformFAdd,350,"TRiGii?") X(Op,GroupNonUniformIMul,351,"TRiGii?") \
    X(Op,GroupNonUniformFMul,352,"TRiGii?") X(Op,GroupNonUniformSMin,353,"TRiGii?") \
    X(Op,GroupNonUniformUMin,354,"TRiGii?") X(Op,GroupNonUniformFMin,355,"TRiGii?") \
    X(Op,GroupNonUniformSMax,356,"TRiGii?") X(Op,GroupNonUniformUMax,357,"TRiGii?") \
    X(Op,GroupNonUniformFMax,358,"TRiGii?") X(Op,GroupNonUniformBitwiseAnd,359,"TRiGii?") \
    X(Op,GroupNonUniformBitwiseOr,360,"TRiGii?") X(Op,GroupNonUniformBitwiseXor,361,"TRiGii?") \
    X(Op,GroupNonUniformLogicalAnd,362,"TRiGii?") X(Op,GroupNonUniformLogicalOr,363,"TRiGii?") \
    X(Op,GroupNonUniformLogicalXor,364,"TRiGii?") X(Op,GroupNonUniformQuadBroadcast,365,"TRiii") \
    X(Op,GroupNonUniformQuadSwap,366,"TRiii") X(Op,CopyLogical,400,"TRi") \
    X(Op,PtrEqual,401,"TRii") X(Op,PtrNotEqual,402,"TRii") X(Op,PtrDiff,403,"TRii") \
    X(Op,TerminateInvocation,4416,"") X(Op,GroupNonUniformRotateKHR,4431,"TRiiii?") \
    X(Op,TypeCooperativeMatrixKHR,4456,"Riiiii") X(Op,CooperativeMatrixLoadKHR,4457,"TRiii?m?") \
    X(Op,CooperativeMatrixStoreKHR,4458,"iiii?m?") \
    X(Op,CooperativeMatrixMulAddKHR,4459,"TRiiik?") X(Op,CooperativeMatrixLengthKHR,4460,"TRi") \
    X(Op,TypeCooperativeMatrixNV,5358,"Riiii") X(Op,CooperativeMatrixLoadNV,5359,"TRiiim?") \
    X(Op,CooperativeMatrixStoreNV,5360,"iiiim?") X(Op,CooperativeMatrixMulAddNV,5361,"TRiii") \
    X(Op,CooperativeMatrixLengthNV,5362,"TRi") \
    X(Op,CooperativeMatrixGetCoordinateEXT,5363,"TRii") \
    X(Op,CooperativeMatrixReduceEXT,5366,"TRiji") \
    X(Op,CooperativeMatrixLoadTensorNV,5367,"TRiiimt") \
    X(Op,CooperativeMatrixStoreTensorNV,5368,"iiimt") \
    X(Op,CooperativeMatrixPerElementOpEXT,5369,"TRiii*") X(Op,TypeTensorLayoutNV,5370,"Rii") \
    X(Op,TypeTensorViewNV,5371,"Riii*") X(Op,CreateTensorLayoutNV,5372,"TR") \
    X(Op,TensorLayoutSetDimensionNV,5373,"TRii*") X(Op,TensorLayoutSetStrideNV,5374,"TRii*") \
    X(Op,TensorLayoutSliceNV,5375,"TRii*") X(Op,TensorLayoutSetClampValueNV,5376,"TRii") \
    X(Op,CreateTensorViewNV,5377,"TR") X(Op,TensorViewSetDimensionNV,5378,"TRii*") \
    X(Op,TensorViewSetStrideNV,5379,"TRii*") X(Op,DemoteToHelperInvocation,5380,"") \
    X(Op,TensorViewSetClipNV,5382,"TRiiiii") X(Op,TensorLayoutSetBlockSizeNV,5384,"TRii*") \
    X(Op,CooperativeMatrixTransposeNV,5390,"TRi") X(Op,AtomicFMinEXT,5614,"TRiiii") \
    X(Op,AtomicFMaxEXT,5615,"TRiiii") X(Op,DecorateString,5632,"iD") \
    X(Op,MemberDecorateString,5633,"inD") X(Op,AtomicFAddEXT,6035,"TRiiii")

#define ALPHA_SPIRV_LIST_SourceLanguage(X) \
    X(SourceLanguage,Unknown,0,"") X(SourceLanguage,ESSL,1,"") X(SourceLanguage,GLSL,2,"") \
    X(SourceLanguage,OpenCL_C,3,"") X(SourceLanguage,OpenCL_CPP,4,"") X(SourceLanguage,HLSL,5,"") \
    X(SourceLanguage,CPP_for_OpenCL,6,"") X(SourceLanguage,SYCL,7,"") \
    X(SourceLanguage,HERO_C,8,"") X(SourceLanguage,NZSL,9,"") X(SourceLanguage,WGSL,10,"") \
    X(SourceLanguage,Slang,11,"") X(SourceLanguage,Zig,12,"") X(SourceLanguage,Rust,13,"") \
    X(SourceLanguage,Pred,14,"") X(SourceLanguage,ApilaJai,15,"")

#define ALPHA_SPIRV_LIST_ExecutionModel(X) \
    X(ExecutionModel,Vertex,0,"") X(ExecutionModel,TessellationControl,1,"") \
    X(ExecutionModel,TessellationEvaluation,2,"") X(ExecutionModel,Geometry,3,"") \
    X(ExecutionModel,Fragment,4,"") X(ExecutionModel,GLCompute,5,"") \
    X(ExecutionModel,Kernel,6,"") X(ExecutionModel,TaskNV,5267,"") \
    X(ExecutionModel,MeshNV,5268,"") X(ExecutionModel,RayGenerationKHR,5313,"") \
    X(ExecutionModel,RayGenerationNV,5313,"") X(ExecutionModel,IntersectionKHR,5314,"") \
    X(ExecutionModel,IntersectionNV,5314,"") X(ExecutionModel,AnyHitKHR,5315,"") \
    X(ExecutionModel,AnyHitNV,5315,"") X(ExecutionModel,ClosestHitKHR,5316,"") \
    X(ExecutionModel,ClosestHitNV,5316,"") X(ExecutionModel,MissKHR,5317,"") \
    X(ExecutionModel,MissNV,5317,"") X(ExecutionModel,CallableKHR,5318,"") \
    X(ExecutionModel,CallableNV,5318,"") X(ExecutionModel,TaskEXT,5364,"") \
    X(ExecutionModel,MeshEXT,5365,"")

#define ALPHA_SPIRV_LIST_AddressingModel(X) \
    X(AddressingModel,Logical,0,"") X(AddressingModel,Physical32,1,"") \
    X(AddressingModel,Physical64,2,"") X(AddressingModel,PhysicalStorageBuffer64,5348,"") \
    X(AddressingModel,PhysicalStorageBuffer64EXT,5348,"")

#define ALPHA_SPIRV_LIST_MemoryModel(X) \
    X(MemoryModel,Simple,0,"") X(MemoryModel,GLSL450,1,"") X(MemoryModel,OpenCL,2,"") \
    X(MemoryModel,Vulkan,3,"") X(MemoryModel,VulkanKHR,3,"")

#define ALPHA_SPIRV_LIST_ExecutionMode(X) \
    X(ExecutionMode,Invocations,0,"n") X(ExecutionMode,SpacingEqual,1,"") \
    X(ExecutionMode,SpacingFractionalEven,2,"") X(ExecutionMode,SpacingFractionalOdd,3,"") \
    X(ExecutionMode,VertexOrderCw,4,"") X(ExecutionMode,VertexOrderCcw,5,"") \
    X(ExecutionMode,PixelCenterInteger,6,"") X(ExecutionMode,OriginUpperLeft,7,"") \
    X(ExecutionMode,OriginLowerLeft,8,"") X(ExecutionMode,EarlyFragmentTests,9,"") \
    X(ExecutionMode,PointMode,10,"") X(ExecutionMode,Xfb,11,"") \
    X(ExecutionMode,DepthReplacing,12,"") X(ExecutionMode,DepthGreater,14,"") \
    X(ExecutionMode,DepthLess,15,"") X(ExecutionMode,DepthUnchanged,16,"") \
    X(ExecutionMode,LocalSize,17,"nnn") X(ExecutionMode,LocalSizeHint,18,"nnn") \
    X(ExecutionMode,InputPoints,19,"") X(ExecutionMode,InputLines,20,"") \
    X(ExecutionMode,InputLinesAdjacency,21,"") X(ExecutionMode,Triangles,22,"") \
    X(ExecutionMode,InputTrianglesAdjacency,23,"") X(ExecutionMode,Quads,24,"") \
    X(ExecutionMode,Isolines,25,"") X(ExecutionMode,OutputVertices,26,"n") \
    X(ExecutionMode,OutputPoints,27,"") X(ExecutionMode,OutputLineStrip,28,"") \
    X(ExecutionMode,OutputTriangleStrip,29,"") X(ExecutionMode,VecTypeHint,30,"n") \
    X(ExecutionMode,ContractionOff,31,"") X(ExecutionMode,Initializer,33,"") \
    X(ExecutionMode,Finalizer,34,"") X(ExecutionMode,SubgroupSize,35,"n") \
    X(ExecutionMode,SubgroupsPerWorkgroup,36,"n") X(ExecutionMode,SubgroupsPerWorkgroupId,37,"i") \
    X(ExecutionMode,LocalSizeId,38,"iii") X(ExecutionMode,LocalSizeHintId,39,"iii") \
    X(ExecutionMode,NonCoherentColorAttachmentReadEXT,4169,"") \
    X(ExecutionMode,NonCoherentDepthAttachmentReadEXT,4170,"") \
    X(ExecutionMode,NonCoherentStencilAttachmentReadEXT,4171,"") \
    X(ExecutionMode,SubgroupUniformControlFlowKHR,4421,"") \
    X(ExecutionMode,PostDepthCoverage,4446,"") X(ExecutionMode,DenormPreserve,4459,"n") \
    X(ExecutionMode,DenormFlushToZero,4460,"n") \
    X(ExecutionMode,SignedZeroInfNanPreserve,4461,"n") X(ExecutionMode,RoundingModeRTE,4462,"n") \
    X(ExecutionMode,RoundingModeRTZ,4463,"n") \
    X(ExecutionMode,EarlyAndLateFragmentTestsAMD,5017,"") \
    X(ExecutionMode,StencilRefReplacingEXT,5027,"") \
    X(ExecutionMode,StencilRefUnchangedFrontAMD,5079,"") \
    X(ExecutionMode,StencilRefGreaterFrontAMD,5080,"") \
    X(ExecutionMode,StencilRefLessFrontAMD,5081,"") \
    X(ExecutionMode,StencilRefUnchangedBackAMD,5082,"") \
    X(ExecutionMode,StencilRefGreaterBackAMD,5083,"") \
    X(ExecutionMode,StencilRefLessBackAMD,5084,"") X(ExecutionMode,QuadDerivativesKHR,5088,"") \
    X(ExecutionMode,RequireFullQuadsKHR,5089,"") X(ExecutionMode,ArithmeticPoisonKHR,5157,"") \
    X(ExecutionMode,OutputLinesEXT,5269,"") X(ExecutionMode,OutputLinesNV,5269,"") \
    X(ExecutionMode,OutputPrimitivesEXT,5270,"n") X(ExecutionMode,OutputPrimitivesNV,5270,"n") \
    X(ExecutionMode,DerivativeGroupQuadsKHR,5289,"") \
    X(ExecutionMode,DerivativeGroupQuadsNV,5289,"") \
    X(ExecutionMode,DerivativeGroupLinearKHR,5290,"") \
    X(ExecutionMode,DerivativeGroupLinearNV,5290,"") X(ExecutionMode,OutputTrianglesEXT,5298,"") \
    X(ExecutionMode,OutputTrianglesNV,5298,"") X(ExecutionMode,PixelInterlockOrderedEXT,5366,"") \
    X(ExecutionMode,PixelInterlockUnorderedEXT,5367,"") \
    X(ExecutionMode,SampleInterlockOrderedEXT,5368,"") \
    X(ExecutionMode,SampleInterlockUnorderedEXT,5369,"") \
    X(ExecutionMode,ShadingRateInterlockOrderedEXT,5370,"") \
    X(ExecutionMode,ShadingRateInterlockUnorderedEXT,5371,"") \
    X(ExecutionMode,Shader64BitIndexingEXT,5427,"") \
    X(ExecutionMode,MaximallyReconvergesKHR,6023,"") X(ExecutionMode,FPFastMathDefault,6028,"ii") \
    X(ExecutionMode,OpacityMicromapIdKHR,6031,"i")

#define ALPHA_SPIRV_LIST_StorageClass(X) \
    X(StorageClass,UniformConstant,0,"") X(StorageClass,Input,1,"") X(StorageClass,Uniform,2,"") \
    X(StorageClass,Output,3,"") X(StorageClass,Workgroup,4,"") \
    X(StorageClass,CrossWorkgroup,5,"") X(StorageClass,Private,6,"") \
    X(StorageClass,Function,7,"") X(StorageClass,Generic,8,"") X(StorageClass,PushConstant,9,"") \
    X(StorageClass,AtomicCounter,10,"") X(StorageClass,Image,11,"") \
    X(StorageClass,StorageBuffer,12,"") X(StorageClass,TileImageEXT,4172,"") \
    X(StorageClass,CallableDataKHR,5328,"") X(StorageClass,CallableDataNV,5328,"") \
    X(StorageClass,IncomingCallableDataKHR,5329,"") \
    X(StorageClass,IncomingCallableDataNV,5329,"") X(StorageClass,RayPayloadKHR,5338,"") \
    X(StorageClass,RayPayloadNV,5338,"") X(StorageClass,HitAttributeKHR,5339,"") \
    X(StorageClass,HitAttributeNV,5339,"") X(StorageClass,IncomingRayPayloadKHR,5342,"") \
    X(StorageClass,IncomingRayPayloadNV,5342,"") X(StorageClass,ShaderRecordBufferKHR,5343,"") \
    X(StorageClass,ShaderRecordBufferNV,5343,"") X(StorageClass,PhysicalStorageBuffer,5349,"") \
    X(StorageClass,PhysicalStorageBufferEXT,5349,"") X(StorageClass,HitObjectAttributeNV,5385,"") \
    X(StorageClass,TaskPayloadWorkgroupEXT,5402,"") X(StorageClass,HitObjectAttributeEXT,5411,"")

#define ALPHA_SPIRV_LIST_FPRoundingMode(X) \
    X(FPRoundingMode,RTE,0,"") X(FPRoundingMode,RTZ,1,"") X(FPRoundingMode,RTP,2,"") \
    X(FPRoundingMode,RTN,3,"")

#define ALPHA_SPIRV_LIST_LinkageType(X) \
    X(LinkageType,Export,0,"") X(LinkageType,Import,1,"") X(LinkageType,LinkOnceODR,2,"") \
    X(LinkageType,WeakAMD,3,"")

#define ALPHA_SPIRV_LIST_AccessQualifier(X) \
    X(AccessQualifier,ReadOnly,0,"") X(AccessQualifier,WriteOnly,1,"") \
    X(AccessQualifier,ReadWrite,2,"")

#define ALPHA_SPIRV_LIST_FunctionParameterAttribute(X) \
    X(FunctionParameterAttribute,Zext,0,"") X(FunctionParameterAttribute,Sext,1,"") \
    X(FunctionParameterAttribute,ByVal,2,"") X(FunctionParameterAttribute,Sret,3,"") \
    X(FunctionParameterAttribute,NoAlias,4,"") X(FunctionParameterAttribute,NoCapture,5,"") \
    X(FunctionParameterAttribute,NoWrite,6,"") X(FunctionParameterAttribute,NoReadWrite,7,"")

#define ALPHA_SPIRV_LIST_Decoration(X) \
    X(Decoration,RelaxedPrecision,0,"") X(Decoration,SpecId,1,"n") X(Decoration,Block,2,"") \
    X(Decoration,BufferBlock,3,"") X(Decoration,RowMajor,4,"") X(Decoration,ColMajor,5,"") \
    X(Decoration,ArrayStride,6,"n") X(Decoration,MatrixStride,7,"n") \
    X(Decoration,GLSLShared,8,"") X(Decoration,GLSLPacked,9,"") X(Decoration,CPacked,10,"") \
    X(Decoration,BuiltIn,11,"B") X(Decoration,NoPerspective,13,"") X(Decoration,Flat,14,"") \
    X(Decoration,Patch,15,"") X(Decoration,Centroid,16,"") X(Decoration,Sample,17,"") \
    X(Decoration,Invariant,18,"") X(Decoration,Restrict,19,"") X(Decoration,Aliased,20,"") \
    X(Decoration,Volatile,21,"") X(Decoration,Constant,22,"") X(Decoration,Coherent,23,"") \
    X(Decoration,NonWritable,24,"") X(Decoration,NonReadable,25,"") X(Decoration,Uniform,26,"") \
    X(Decoration,UniformId,27,"i") X(Decoration,SaturatedConversion,28,"") \
    X(Decoration,Stream,29,"n") X(Decoration,Location,30,"n") X(Decoration,Component,31,"n") \
    X(Decoration,Index,32,"n") X(Decoration,Binding,33,"n") X(Decoration,DescriptorSet,34,"n") \
    X(Decoration,Offset,35,"n") X(Decoration,XfbBuffer,36,"n") X(Decoration,XfbStride,37,"n") \
    X(Decoration,FuncParamAttr,38,"W") X(Decoration,FPRoundingMode,39,"U") \
    X(Decoration,FPFastMathMode,40,"f") X(Decoration,LinkageAttributes,41,"sK") \
    X(Decoration,NoContraction,42,"") X(Decoration,InputAttachmentIndex,43,"n") \
    X(Decoration,Alignment,44,"n") X(Decoration,MaxByteOffset,45,"n") \
    X(Decoration,AlignmentId,46,"i") X(Decoration,MaxByteOffsetId,47,"i") \
    X(Decoration,SaturatedToLargestFloat8NormalConversionEXT,4216,"") \
    X(Decoration,NoSignedWrap,4469,"") X(Decoration,NoUnsignedWrap,4470,"") \
    X(Decoration,ExplicitInterpAMD,4999,"") X(Decoration,ArrayStrideIdEXT,5124,"i") \
    X(Decoration,OffsetIdEXT,5125,"i") X(Decoration,UTFEncodedKHR,5145,"") \
    X(Decoration,OverrideCoverageNV,5248,"") X(Decoration,PassthroughNV,5250,"") \
    X(Decoration,ViewportRelativeNV,5252,"") X(Decoration,SecondaryViewportRelativeNV,5256,"n") \
    X(Decoration,PerPrimitiveEXT,5271,"") X(Decoration,PerPrimitiveNV,5271,"") \
    X(Decoration,PerViewNV,5272,"") X(Decoration,PerTaskNV,5273,"") \
    X(Decoration,PerVertexKHR,5285,"") X(Decoration,PerVertexNV,5285,"") \
    X(Decoration,NonUniform,5300,"") X(Decoration,NonUniformEXT,5300,"") \
    X(Decoration,RestrictPointer,5355,"") X(Decoration,RestrictPointerEXT,5355,"") \
    X(Decoration,AliasedPointer,5356,"") X(Decoration,AliasedPointerEXT,5356,"") \
    X(Decoration,MemberOffsetNV,5358,"n") X(Decoration,HitObjectShaderRecordBufferNV,5386,"") \
    X(Decoration,HitObjectShaderRecordBufferEXT,5389,"") X(Decoration,BankNV,5397,"n") \
    X(Decoration,BindlessSamplerNV,5398,"") X(Decoration,BindlessImageNV,5399,"") \
    X(Decoration,BoundSamplerNV,5400,"") X(Decoration,BoundImageNV,5401,"") \
    X(Decoration,CooperativeMatrixTransposeEXT,5440,"") X(Decoration,CounterBuffer,5634,"i") \
    X(Decoration,HlslCounterBufferGOOGLE,5634,"i") X(Decoration,UserSemantic,5635,"s") \
    X(Decoration,HlslSemanticGOOGLE,5635,"s") X(Decoration,UserTypeGOOGLE,5636,"s") \
    X(Decoration,IntrinsicSAMSUNG,7040,"n")

#define ALPHA_SPIRV_LIST_BuiltIn(X) \
    X(BuiltIn,Position,0,"") X(BuiltIn,PointSize,1,"") X(BuiltIn,ClipDistance,3,"") \
    X(BuiltIn,CullDistance,4,"") X(BuiltIn,VertexId,5,"") X(BuiltIn,InstanceId,6,"") \
    X(BuiltIn,PrimitiveId,7,"") X(BuiltIn,InvocationId,8,"") X(BuiltIn,Layer,9,"") \
    X(BuiltIn,ViewportIndex,10,"") X(BuiltIn,TessLevelOuter,11,"") \
    X(BuiltIn,TessLevelInner,12,"") X(BuiltIn,TessCoord,13,"") X(BuiltIn,PatchVertices,14,"") \
    X(BuiltIn,FragCoord,15,"") X(BuiltIn,PointCoord,16,"") X(BuiltIn,FrontFacing,17,"") \
    X(BuiltIn,SampleId,18,"") X(BuiltIn,SamplePosition,19,"") X(BuiltIn,SampleMask,20,"") \
    X(BuiltIn,FragDepth,22,"") X(BuiltIn,HelperInvocation,23,"") X(BuiltIn,NumWorkgroups,24,"") \
    X(BuiltIn,WorkgroupSize,25,"") X(BuiltIn,WorkgroupId,26,"") \
    X(BuiltIn,LocalInvocationId,27,"") X(BuiltIn,GlobalInvocationId,28,"") \
    X(BuiltIn,LocalInvocationIndex,29,"") X(BuiltIn,WorkDim,30,"") X(BuiltIn,GlobalSize,31,"") \
    X(BuiltIn,EnqueuedWorkgroupSize,32,"") X(BuiltIn,GlobalOffset,33,"") \
    X(BuiltIn,GlobalLinearId,34,"") X(BuiltIn,SubgroupSize,36,"") \
    X(BuiltIn,SubgroupMaxSize,37,"") X(BuiltIn,NumSubgroups,38,"") \
    X(BuiltIn,NumEnqueuedSubgroups,39,"") X(BuiltIn,SubgroupId,40,"") \
    X(BuiltIn,SubgroupLocalInvocationId,41,"") X(BuiltIn,VertexIndex,42,"") \
    X(BuiltIn,InstanceIndex,43,"") X(BuiltIn,SubgroupEqMask,4416,"") \
    X(BuiltIn,SubgroupEqMaskKHR,4416,"") X(BuiltIn,SubgroupGeMask,4417,"") \
    X(BuiltIn,SubgroupGeMaskKHR,4417,"") X(BuiltIn,SubgroupGtMask,4418,"") \
    X(BuiltIn,SubgroupGtMaskKHR,4418,"") X(BuiltIn,SubgroupLeMask,4419,"") \
    X(BuiltIn,SubgroupLeMaskKHR,4419,"") X(BuiltIn,SubgroupLtMask,4420,"") \
    X(BuiltIn,SubgroupLtMaskKHR,4420,"") X(BuiltIn,BaseVertex,4424,"") \
    X(BuiltIn,BaseInstance,4425,"") X(BuiltIn,DrawIndex,4426,"") \
    X(BuiltIn,PrimitiveShadingRateKHR,4432,"") X(BuiltIn,DeviceIndex,4438,"") \
    X(BuiltIn,ViewIndex,4440,"") X(BuiltIn,ShadingRateKHR,4444,"") \
    X(BuiltIn,BaryCoordNoPerspAMD,4992,"") X(BuiltIn,BaryCoordNoPerspCentroidAMD,4993,"") \
    X(BuiltIn,BaryCoordNoPerspSampleAMD,4994,"") X(BuiltIn,BaryCoordSmoothAMD,4995,"") \
    X(BuiltIn,BaryCoordSmoothCentroidAMD,4996,"") X(BuiltIn,BaryCoordSmoothSampleAMD,4997,"") \
    X(BuiltIn,BaryCoordPullModelAMD,4998,"") X(BuiltIn,FragStencilRefEXT,5014,"") \
    X(BuiltIn,SamplerHeapEXT,5122,"") X(BuiltIn,ResourceHeapEXT,5123,"") \
    X(BuiltIn,ViewportMaskNV,5253,"") X(BuiltIn,SecondaryPositionNV,5257,"") \
    X(BuiltIn,SecondaryViewportMaskNV,5258,"") X(BuiltIn,PositionPerViewNV,5261,"") \
    X(BuiltIn,ViewportMaskPerViewNV,5262,"") X(BuiltIn,FullyCoveredEXT,5264,"") \
    X(BuiltIn,TaskCountNV,5274,"") X(BuiltIn,PrimitiveCountNV,5275,"") \
    X(BuiltIn,PrimitiveIndicesNV,5276,"") X(BuiltIn,ClipDistancePerViewNV,5277,"") \
    X(BuiltIn,CullDistancePerViewNV,5278,"") X(BuiltIn,LayerPerViewNV,5279,"") \
    X(BuiltIn,MeshViewCountNV,5280,"") X(BuiltIn,MeshViewIndicesNV,5281,"") \
    X(BuiltIn,BaryCoordKHR,5286,"") X(BuiltIn,BaryCoordNV,5286,"") \
    X(BuiltIn,BaryCoordNoPerspKHR,5287,"") X(BuiltIn,BaryCoordNoPerspNV,5287,"") \
    X(BuiltIn,FragSizeEXT,5292,"") X(BuiltIn,FragmentSizeNV,5292,"") \
    X(BuiltIn,FragInvocationCountEXT,5293,"") X(BuiltIn,InvocationsPerPixelNV,5293,"") \
    X(BuiltIn,PrimitivePointIndicesEXT,5294,"") X(BuiltIn,PrimitiveLineIndicesEXT,5295,"") \
    X(BuiltIn,PrimitiveTriangleIndicesEXT,5296,"") X(BuiltIn,CullPrimitiveEXT,5299,"") \
    X(BuiltIn,LaunchIdKHR,5319,"") X(BuiltIn,LaunchIdNV,5319,"") X(BuiltIn,LaunchSizeKHR,5320,"") \
    X(BuiltIn,LaunchSizeNV,5320,"") X(BuiltIn,WorldRayOriginKHR,5321,"") \
    X(BuiltIn,WorldRayOriginNV,5321,"") X(BuiltIn,WorldRayDirectionKHR,5322,"") \
    X(BuiltIn,WorldRayDirectionNV,5322,"") X(BuiltIn,ObjectRayOriginKHR,5323,"") \
    X(BuiltIn,ObjectRayOriginNV,5323,"") X(BuiltIn,ObjectRayDirectionKHR,5324,"") \
    X(BuiltIn,ObjectRayDirectionNV,5324,"") X(BuiltIn,RayTminKHR,5325,"") \
    X(BuiltIn,RayTminNV,5325,"") X(BuiltIn,RayTmaxKHR,5326,"") X(BuiltIn,RayTmaxNV,5326,"") \
    X(BuiltIn,InstanceCustomIndexKHR,5327,"") X(BuiltIn,InstanceCustomIndexNV,5327,"") \
    X(BuiltIn,ObjectToWorldKHR,5330,"") X(BuiltIn,ObjectToWorldNV,5330,"") \
    X(BuiltIn,WorldToObjectKHR,5331,"") X(BuiltIn,WorldToObjectNV,5331,"") \
    X(BuiltIn,HitTNV,5332,"") X(BuiltIn,HitKindKHR,5333,"") X(BuiltIn,HitKindNV,5333,"") \
    X(BuiltIn,CurrentRayTimeNV,5334,"") X(BuiltIn,HitTriangleVertexPositionsKHR,5335,"") \
    X(BuiltIn,HitMicroTriangleVertexPositionsNV,5337,"") \
    X(BuiltIn,HitMicroTriangleVertexBarycentricsNV,5344,"") \
    X(BuiltIn,IncomingRayFlagsKHR,5351,"") X(BuiltIn,IncomingRayFlagsNV,5351,"") \
    X(BuiltIn,RayGeometryIndexKHR,5352,"") X(BuiltIn,HitIsSphereNV,5359,"") \
    X(BuiltIn,HitIsLSSNV,5360,"") X(BuiltIn,HitSpherePositionNV,5361,"") \
    X(BuiltIn,WarpsPerSMNV,5374,"") X(BuiltIn,SMCountNV,5375,"") X(BuiltIn,WarpIDNV,5376,"") \
    X(BuiltIn,SMIDNV,5377,"") X(BuiltIn,HitLSSPositionsNV,5396,"") \
    X(BuiltIn,HitKindFrontFacingMicroTriangleNV,5405,"") \
    X(BuiltIn,HitKindBackFacingMicroTriangleNV,5406,"") X(BuiltIn,HitSphereRadiusNV,5420,"") \
    X(BuiltIn,HitLSSRadiiNV,5421,"") X(BuiltIn,ClusterIDNV,5436,"") \
    X(BuiltIn,CullMaskKHR,6021,"")

#define ALPHA_SPIRV_LIST_GroupOperation(X) \
    X(GroupOperation,Reduce,0,"") X(GroupOperation,InclusiveScan,1,"") \
    X(GroupOperation,ExclusiveScan,2,"") X(GroupOperation,ClusteredReduce,3,"") \
    X(GroupOperation,PartitionedReduceEXT,6,"") X(GroupOperation,PartitionedReduceNV,6,"") \
    X(GroupOperation,PartitionedInclusiveScanEXT,7,"") \
    X(GroupOperation,PartitionedInclusiveScanNV,7,"") \
    X(GroupOperation,PartitionedExclusiveScanEXT,8,"") \
    X(GroupOperation,PartitionedExclusiveScanNV,8,"")

#define ALPHA_SPIRV_LIST_Capability(X) \
    X(Capability,Matrix,0,"") X(Capability,Shader,1,"") X(Capability,Geometry,2,"") \
    X(Capability,Tessellation,3,"") X(Capability,Addresses,4,"") X(Capability,Linkage,5,"") \
    X(Capability,Kernel,6,"") X(Capability,Vector16,7,"") X(Capability,Float16Buffer,8,"") \
    X(Capability,Float16,9,"") X(Capability,Float64,10,"") X(Capability,Int64,11,"") \
    X(Capability,Int64Atomics,12,"") X(Capability,ImageBasic,13,"") \
    X(Capability,ImageReadWrite,14,"") X(Capability,ImageMipmap,15,"") X(Capability,Pipes,17,"") \
    X(Capability,Groups,18,"") X(Capability,DeviceEnqueue,19,"") \
    X(Capability,LiteralSampler,20,"") X(Capability,AtomicStorage,21,"") \
    X(Capability,Int16,22,"") X(Capability,TessellationPointSize,23,"") \
    X(Capability,GeometryPointSize,24,"") X(Capability,ImageGatherExtended,25,"") \
    X(Capability,StorageImageMultisample,27,"") \
    X(Capability,UniformBufferArrayDynamicIndexing,28,"") \
    X(Capability,SampledImageArrayDynamicIndexing,29,"") \
    X(Capability,StorageBufferArrayDynamicIndexing,30,"") \
    X(Capability,StorageImageArrayDynamicIndexing,31,"") X(Capability,ClipDistance,32,"") \
    X(Capability,CullDistance,33,"") X(Capability,ImageCubeArray,34,"") \
    X(Capability,SampleRateShading,35,"") X(Capability,ImageRect,36,"") \
    X(Capability,SampledRect,37,"") X(Capability,GenericPointer,38,"") X(Capability,Int8,39,"") \
    X(Capability,InputAttachment,40,"") X(Capability,SparseResidency,41,"") \
    X(Capability,MinLod,42,"") X(Capability,Sampled1D,43,"") X(Capability,Image1D,44,"") \
    X(Capability,SampledCubeArray,45,"") X(Capability,SampledBuffer,46,"") \
    X(Capability,ImageBuffer,47,"") X(Capability,ImageMSArray,48,"") \
    X(Capability,StorageImageExtendedFormats,49,"") X(Capability,ImageQuery,50,"") \
    X(Capability,DerivativeControl,51,"") X(Capability,InterpolationFunction,52,"") \
    X(Capability,TransformFeedback,53,"") X(Capability,GeometryStreams,54,"") \
    X(Capability,StorageImageReadWithoutFormat,55,"") \
    X(Capability,StorageImageWriteWithoutFormat,56,"") X(Capability,MultiViewport,57,"") \
    X(Capability,SubgroupDispatch,58,"") X(Capability,NamedBarrier,59,"") \
    X(Capability,PipeStorage,60,"") X(Capability,GroupNonUniform,61,"") \
    X(Capability,GroupNonUniformVote,62,"") X(Capability,GroupNonUniformArithmetic,63,"") \
    X(Capability,GroupNonUniformBallot,64,"") X(Capability,GroupNonUniformShuffle,65,"") \
    X(Capability,GroupNonUniformShuffleRelative,66,"") \
    X(Capability,GroupNonUniformClustered,67,"") X(Capability,GroupNonUniformQuad,68,"") \
    X(Capability,ShaderLayer,69,"") X(Capability,ShaderViewportIndex,70,"") \
    X(Capability,UniformDecoration,71,"") X(Capability,TileImageColorReadAccessEXT,4166,"") \
    X(Capability,TileImageDepthReadAccessEXT,4167,"") \
    X(Capability,TileImageStencilReadAccessEXT,4168,"") X(Capability,Float8EXT,4212,"") \
    X(Capability,Float8CooperativeMatrixEXT,4213,"") X(Capability,Float6EXT,4228,"") \
    X(Capability,Float4EXT,4229,"") X(Capability,Float8UnsignedE8M0EXT,4230,"") \
    X(Capability,MXInt8EXT,4231,"") X(Capability,BitcastExtractEXT,4232,"") \
    X(Capability,FragmentShadingRateKHR,4422,"") X(Capability,SubgroupBallotKHR,4423,"") \
    X(Capability,DrawParameters,4427,"") X(Capability,WorkgroupMemoryExplicitLayoutKHR,4428,"") \
    X(Capability,WorkgroupMemoryExplicitLayout8BitAccessKHR,4429,"") \
    X(Capability,WorkgroupMemoryExplicitLayout16BitAccessKHR,4430,"") \
    X(Capability,SubgroupVoteKHR,4431,"") X(Capability,StorageBuffer16BitAccess,4433,"") \
    X(Capability,StorageUniformBufferBlock16,4433,"") \
    X(Capability,UniformAndStorageBuffer16BitAccess,4434,"") \
    X(Capability,StorageUniform16,4434,"") X(Capability,StoragePushConstant16,4435,"") \
    X(Capability,StorageInputOutput16,4436,"") X(Capability,DeviceGroup,4437,"") \
    X(Capability,MultiView,4439,"") X(Capability,VariablePointersStorageBuffer,4441,"") \
    X(Capability,VariablePointers,4442,"") X(Capability,AtomicStorageOps,4445,"") \
    X(Capability,SampleMaskPostDepthCoverage,4447,"") \
    X(Capability,StorageBuffer8BitAccess,4448,"") \
    X(Capability,UniformAndStorageBuffer8BitAccess,4449,"") \
    X(Capability,StoragePushConstant8,4450,"") X(Capability,DenormPreserve,4464,"") \
    X(Capability,DenormFlushToZero,4465,"") X(Capability,SignedZeroInfNanPreserve,4466,"") \
    X(Capability,RoundingModeRTE,4467,"") X(Capability,RoundingModeRTZ,4468,"") \
    X(Capability,RayQueryProvisionalKHR,4471,"") X(Capability,RayQueryKHR,4472,"") \
    X(Capability,UntypedPointersKHR,4473,"") \
    X(Capability,RayTraversalPrimitiveCullingKHR,4478,"") X(Capability,RayTracingKHR,4479,"") \
    X(Capability,Float16ImageAMD,5008,"") X(Capability,ImageGatherBiasLodAMD,5009,"") \
    X(Capability,FragmentMaskAMD,5010,"") X(Capability,StencilExportEXT,5013,"") \
    X(Capability,ImageReadWriteLodAMD,5015,"") X(Capability,Int64ImageEXT,5016,"") \
    X(Capability,ShaderClockKHR,5055,"") X(Capability,QuadControlKHR,5087,"") \
    X(Capability,BFloat16TypeKHR,5116,"") X(Capability,BFloat16DotProductKHR,5117,"") \
    X(Capability,BFloat16CooperativeMatrixKHR,5118,"") X(Capability,AbortKHR,5120,"") \
    X(Capability,DescriptorHeapEXT,5128,"") X(Capability,ConstantDataKHR,5146,"") \
    X(Capability,PoisonFreezeKHR,5156,"") X(Capability,WeakLinkageAMD,5181,"") \
    X(Capability,SampleMaskOverrideCoverageNV,5249,"") \
    X(Capability,GeometryShaderPassthroughNV,5251,"") \
    X(Capability,ShaderViewportIndexLayerEXT,5254,"") \
    X(Capability,ShaderViewportIndexLayerNV,5254,"") X(Capability,ShaderViewportMaskNV,5255,"") \
    X(Capability,ShaderStereoViewNV,5259,"") X(Capability,PerViewAttributesNV,5260,"") \
    X(Capability,FragmentFullyCoveredEXT,5265,"") X(Capability,MeshShadingNV,5266,"") \
    X(Capability,ImageFootprintNV,5282,"") X(Capability,MeshShadingEXT,5283,"") \
    X(Capability,FragmentBarycentricKHR,5284,"") X(Capability,FragmentBarycentricNV,5284,"") \
    X(Capability,ComputeDerivativeGroupQuadsKHR,5288,"") \
    X(Capability,ComputeDerivativeGroupQuadsNV,5288,"") X(Capability,FragmentDensityEXT,5291,"") \
    X(Capability,ShadingRateNV,5291,"") X(Capability,GroupNonUniformPartitionedEXT,5297,"") \
    X(Capability,GroupNonUniformPartitionedNV,5297,"") X(Capability,ShaderNonUniform,5301,"") \
    X(Capability,ShaderNonUniformEXT,5301,"") X(Capability,RuntimeDescriptorArray,5302,"") \
    X(Capability,RuntimeDescriptorArrayEXT,5302,"") \
    X(Capability,InputAttachmentArrayDynamicIndexing,5303,"") \
    X(Capability,InputAttachmentArrayDynamicIndexingEXT,5303,"") \
    X(Capability,UniformTexelBufferArrayDynamicIndexing,5304,"") \
    X(Capability,UniformTexelBufferArrayDynamicIndexingEXT,5304,"") \
    X(Capability,StorageTexelBufferArrayDynamicIndexing,5305,"") \
    X(Capability,StorageTexelBufferArrayDynamicIndexingEXT,5305,"") \
    X(Capability,UniformBufferArrayNonUniformIndexing,5306,"") \
    X(Capability,UniformBufferArrayNonUniformIndexingEXT,5306,"") \
    X(Capability,SampledImageArrayNonUniformIndexing,5307,"") \
    X(Capability,SampledImageArrayNonUniformIndexingEXT,5307,"") \
    X(Capability,StorageBufferArrayNonUniformIndexing,5308,"") \
    X(Capability,StorageBufferArrayNonUniformIndexingEXT,5308,"") \
    X(Capability,StorageImageArrayNonUniformIndexing,5309,"") \
    X(Capability,StorageImageArrayNonUniformIndexingEXT,5309,"") \
    X(Capability,InputAttachmentArrayNonUniformIndexing,5310,"") \
    X(Capability,InputAttachmentArrayNonUniformIndexingEXT,5310,"") \
    X(Capability,UniformTexelBufferArrayNonUniformIndexing,5311,"") \
    X(Capability,UniformTexelBufferArrayNonUniformIndexingEXT,5311,"") \
    X(Capability,StorageTexelBufferArrayNonUniformIndexing,5312,"") \
    X(Capability,StorageTexelBufferArrayNonUniformIndexingEXT,5312,"") \
    X(Capability,RayTracingPositionFetchKHR,5336,"") X(Capability,RayTracingNV,5340,"") \
    X(Capability,RayTracingMotionBlurNV,5341,"") X(Capability,VulkanMemoryModel,5345,"") \
    X(Capability,VulkanMemoryModelKHR,5345,"") X(Capability,VulkanMemoryModelDeviceScope,5346,"") \
    X(Capability,VulkanMemoryModelDeviceScopeKHR,5346,"") \
    X(Capability,PhysicalStorageBufferAddresses,5347,"") \
    X(Capability,PhysicalStorageBufferAddressesEXT,5347,"") \
    X(Capability,ComputeDerivativeGroupLinearKHR,5350,"") \
    X(Capability,ComputeDerivativeGroupLinearNV,5350,"") \
    X(Capability,RayTracingProvisionalKHR,5353,"") X(Capability,CooperativeMatrixNV,5357,"") \
    X(Capability,FragmentShaderSampleInterlockEXT,5363,"") \
    X(Capability,FragmentShaderShadingRateInterlockEXT,5372,"") \
    X(Capability,ShaderSMBuiltinsNV,5373,"") \
    X(Capability,FragmentShaderPixelInterlockEXT,5378,"") \
    X(Capability,DemoteToHelperInvocation,5379,"") \
    X(Capability,DemoteToHelperInvocationEXT,5379,"") \
    X(Capability,DisplacementMicromapNV,5380,"") \
    X(Capability,RayTracingOpacityMicromapKHR,5381,"") \
    X(Capability,RayTracingOpacityMicromapEXT,5381,"") \
    X(Capability,ShaderInvocationReorderNV,5383,"") \
    X(Capability,ShaderInvocationReorderEXT,5388,"") X(Capability,BindlessTextureNV,5390,"") \
    X(Capability,RayQueryPositionFetchKHR,5391,"") X(Capability,CooperativeVectorNV,5394,"") \
    X(Capability,AtomicFloat16VectorNV,5404,"") \
    X(Capability,RayTracingDisplacementMicromapNV,5409,"") \
    X(Capability,RawAccessChainsNV,5414,"") X(Capability,RayTracingSpheresGeometryNV,5418,"") \
    X(Capability,RayTracingLinearSweptSpheresGeometryNV,5419,"") \
    X(Capability,PushConstantBanksNV,5423,"") X(Capability,LongVectorEXT,5425,"") \
    X(Capability,Shader64BitIndexingEXT,5426,"") \
    X(Capability,CooperativeMatrixConversionsEXT,5429,"") \
    X(Capability,CooperativeMatrixReductionsEXT,5430,"") \
    X(Capability,CooperativeMatrixReductionsNV,5430,"") \
    X(Capability,CooperativeMatrixConversionsNV,5431,"") \
    X(Capability,CooperativeMatrixPerElementOperationsEXT,5432,"") \
    X(Capability,CooperativeMatrixPerElementOperationsNV,5432,"") \
    X(Capability,CooperativeMatrixTensorAddressingNV,5433,"") \
    X(Capability,CooperativeMatrixBlockLoadsNV,5434,"") \
    X(Capability,CooperativeVectorTrainingNV,5435,"") \
    X(Capability,RayTracingClusterAccelerationStructureNV,5437,"") \
    X(Capability,CooperativeMatrixGetCoordinateEXT,5438,"") \
    X(Capability,TensorAddressingNV,5439,"") \
    X(Capability,CooperativeMatrixDecodeVectorNV,5447,"") \
    X(Capability,AtomicFloat32MinMaxEXT,5612,"") X(Capability,AtomicFloat64MinMaxEXT,5613,"") \
    X(Capability,AtomicFloat16MinMaxEXT,5616,"") X(Capability,ExpectAssumeKHR,5629,"") \
    X(Capability,DotProductInputAll,6016,"") X(Capability,DotProductInputAllKHR,6016,"") \
    X(Capability,DotProductInput4x8Bit,6017,"") X(Capability,DotProductInput4x8BitKHR,6017,"") \
    X(Capability,DotProductInput4x8BitPacked,6018,"") \
    X(Capability,DotProductInput4x8BitPackedKHR,6018,"") X(Capability,DotProduct,6019,"") \
    X(Capability,DotProductKHR,6019,"") X(Capability,RayCullMaskKHR,6020,"") \
    X(Capability,CooperativeMatrixKHR,6022,"") X(Capability,ReplicatedCompositesEXT,6024,"") \
    X(Capability,BitInstructions,6025,"") X(Capability,GroupNonUniformRotateKHR,6026,"") \
    X(Capability,FloatControls2,6029,"") X(Capability,FMAKHR,6030,"") \
    X(Capability,RayTracingOpacityMicromapExecutionModeKHR,6032,"") \
    X(Capability,AtomicFloat32AddEXT,6033,"") X(Capability,AtomicFloat64AddEXT,6034,"") \
    X(Capability,OptNoneEXT,6094,"") X(Capability,AtomicFloat16AddEXT,6095,"") \
    X(Capability,SplitBarrierEXT,6141,"") X(Capability,ArithmeticFenceEXT,6144,"") \
    X(Capability,GroupUniformArithmeticKHR,6400,"") \
    X(Capability,DotProductFloat16AccFloat32VALVE,6912,"") \
    X(Capability,DotProductFloat16AccFloat16VALVE,6913,"") \
    X(Capability,DotProductBFloat16AccVALVE,6914,"") \
    X(Capability,DotProductFloat8AccFloat32VALVE,6915,"") X(Capability,IntrinsicSAMSUNG,7041,"")

#define ALPHA_SPIRV_LIST_CooperativeMatrixLayout(X) \
    X(CooperativeMatrixLayout,RowMajorKHR,0,"") X(CooperativeMatrixLayout,ColumnMajorKHR,1,"")

#define ALPHA_SPIRV_LIST_CooperativeMatrixUse(X) \
    X(CooperativeMatrixUse,MatrixAKHR,0,"") X(CooperativeMatrixUse,MatrixBKHR,1,"") \
    X(CooperativeMatrixUse,MatrixAccumulatorKHR,2,"")

#define ALPHA_SPIRV_LIST_TensorClampMode(X) \
    X(TensorClampMode,Undefined,0,"") X(TensorClampMode,Constant,1,"") \
    X(TensorClampMode,ClampToEdge,2,"") X(TensorClampMode,Repeat,3,"") \
    X(TensorClampMode,RepeatMirrored,4,"")

#define ALPHA_SPIRV_LIST_FPEncoding(X) \
    X(FPEncoding,BFloat16KHR,0,"") X(FPEncoding,Float8E4M3EXT,4214,"") \
    X(FPEncoding,Float8E5M2EXT,4215,"") X(FPEncoding,Float6E2M3EXT,4223,"") \
    X(FPEncoding,Float6E3M2EXT,4224,"") X(FPEncoding,Float4E2M1EXT,4225,"") \
    X(FPEncoding,Float8UnsignedE8M0EXT,4226,"") X(FPEncoding,MXInt8EXT,4227,"")

#define ALPHA_SPIRV_LIST_FPFastMathMode(X) \
    X(FPFastMathMode,None,0x0,"") X(FPFastMathMode,NotNaN,0x1,"") X(FPFastMathMode,NotInf,0x2,"") \
    X(FPFastMathMode,NSZ,0x4,"") X(FPFastMathMode,AllowRecip,0x8,"") \
    X(FPFastMathMode,Fast,0x10,"") X(FPFastMathMode,AllowContract,0x10000,"") \
    X(FPFastMathMode,AllowReassoc,0x20000,"") X(FPFastMathMode,AllowTransform,0x40000,"")

#define ALPHA_SPIRV_LIST_SelectionControl(X) \
    X(SelectionControl,None,0x0,"") X(SelectionControl,Flatten,0x1,"") \
    X(SelectionControl,DontFlatten,0x2,"")

#define ALPHA_SPIRV_LIST_LoopControl(X) \
    X(LoopControl,None,0x0,"") X(LoopControl,Unroll,0x1,"") X(LoopControl,DontUnroll,0x2,"") \
    X(LoopControl,DependencyInfinite,0x4,"") X(LoopControl,DependencyLength,0x8,"n") \
    X(LoopControl,MinIterations,0x10,"n") X(LoopControl,MaxIterations,0x20,"n") \
    X(LoopControl,IterationMultiple,0x40,"n") X(LoopControl,PeelCount,0x80,"n") \
    X(LoopControl,PartialCount,0x100,"n")

#define ALPHA_SPIRV_LIST_FunctionControl(X) \
    X(FunctionControl,None,0x0,"") X(FunctionControl,Inline,0x1,"") \
    X(FunctionControl,DontInline,0x2,"") X(FunctionControl,Pure,0x4,"") \
    X(FunctionControl,Const,0x8,"") X(FunctionControl,OptNoneEXT,0x10000,"")

#define ALPHA_SPIRV_LIST_MemoryAccess(X) \
    X(MemoryAccess,None,0x0,"") X(MemoryAccess,Volatile,0x1,"") X(MemoryAccess,Aligned,0x2,"n") \
    X(MemoryAccess,Nontemporal,0x4,"") X(MemoryAccess,MakePointerAvailable,0x8,"i") \
    X(MemoryAccess,MakePointerAvailableKHR,0x8,"i") X(MemoryAccess,MakePointerVisible,0x10,"i") \
    X(MemoryAccess,MakePointerVisibleKHR,0x10,"i") X(MemoryAccess,NonPrivatePointer,0x20,"") \
    X(MemoryAccess,NonPrivatePointerKHR,0x20,"") X(MemoryAccess,AliasScopeINTELMask,0x10000,"i") \
    X(MemoryAccess,NoAliasINTELMask,0x20000,"i")

#define ALPHA_SPIRV_LIST_CooperativeMatrixOperands(X) \
    X(CooperativeMatrixOperands,NoneKHR,0x0,"") \
    X(CooperativeMatrixOperands,MatrixASignedComponentsKHR,0x1,"") \
    X(CooperativeMatrixOperands,MatrixBSignedComponentsKHR,0x2,"") \
    X(CooperativeMatrixOperands,MatrixCSignedComponentsKHR,0x4,"") \
    X(CooperativeMatrixOperands,MatrixResultSignedComponentsKHR,0x8,"") \
    X(CooperativeMatrixOperands,SaturatingAccumulationKHR,0x10,"")

#define ALPHA_SPIRV_LIST_CooperativeMatrixReduce(X) \
    X(CooperativeMatrixReduce,Row,0x1,"") X(CooperativeMatrixReduce,Column,0x2,"") \
    X(CooperativeMatrixReduce,2x2,0x4,"")

#define ALPHA_SPIRV_LIST_TensorAddressingOperands(X) \
    X(TensorAddressingOperands,None,0x0,"") X(TensorAddressingOperands,TensorView,0x1,"i") \
    X(TensorAddressingOperands,DecodeFunc,0x2,"i") \
    X(TensorAddressingOperands,DecodeVectorFunc,0x4,"i")

#define ALPHA_SPIRV_LIST_GLSLstd450(X) \
    X(GLSLstd450,Round,1,1) X(GLSLstd450,RoundEven,2,1) X(GLSLstd450,Trunc,3,1) \
    X(GLSLstd450,FAbs,4,1) X(GLSLstd450,SAbs,5,1) X(GLSLstd450,FSign,6,1) X(GLSLstd450,SSign,7,1) \
    X(GLSLstd450,Floor,8,1) X(GLSLstd450,Ceil,9,1) X(GLSLstd450,Fract,10,1) \
    X(GLSLstd450,Radians,11,1) X(GLSLstd450,Degrees,12,1) X(GLSLstd450,Sin,13,1) \
    X(GLSLstd450,Cos,14,1) X(GLSLstd450,Tan,15,1) X(GLSLstd450,Asin,16,1) X(GLSLstd450,Acos,17,1) \
    X(GLSLstd450,Atan,18,1) X(GLSLstd450,Sinh,19,1) X(GLSLstd450,Cosh,20,1) \
    X(GLSLstd450,Tanh,21,1) X(GLSLstd450,Asinh,22,1) X(GLSLstd450,Acosh,23,1) \
    X(GLSLstd450,Atanh,24,1) X(GLSLstd450,Atan2,25,2) X(GLSLstd450,Pow,26,2) \
    X(GLSLstd450,Exp,27,1) X(GLSLstd450,Log,28,1) X(GLSLstd450,Exp2,29,1) X(GLSLstd450,Log2,30,1) \
    X(GLSLstd450,Sqrt,31,1) X(GLSLstd450,InverseSqrt,32,1) X(GLSLstd450,Determinant,33,1) \
    X(GLSLstd450,MatrixInverse,34,1) X(GLSLstd450,Modf,35,2) X(GLSLstd450,ModfStruct,36,1) \
    X(GLSLstd450,FMin,37,2) X(GLSLstd450,UMin,38,2) X(GLSLstd450,SMin,39,2) \
    X(GLSLstd450,FMax,40,2) X(GLSLstd450,UMax,41,2) X(GLSLstd450,SMax,42,2) \
    X(GLSLstd450,FClamp,43,3) X(GLSLstd450,UClamp,44,3) X(GLSLstd450,SClamp,45,3) \
    X(GLSLstd450,FMix,46,3) X(GLSLstd450,IMix,47,3) X(GLSLstd450,Step,48,2) \
    X(GLSLstd450,SmoothStep,49,3) X(GLSLstd450,Fma,50,3) X(GLSLstd450,Frexp,51,2) \
    X(GLSLstd450,FrexpStruct,52,1) X(GLSLstd450,Ldexp,53,2) X(GLSLstd450,PackSnorm4x8,54,1) \
    X(GLSLstd450,PackUnorm4x8,55,1) X(GLSLstd450,PackSnorm2x16,56,1) \
    X(GLSLstd450,PackUnorm2x16,57,1) X(GLSLstd450,PackHalf2x16,58,1) \
    X(GLSLstd450,PackDouble2x32,59,1) X(GLSLstd450,UnpackSnorm2x16,60,1) \
    X(GLSLstd450,UnpackUnorm2x16,61,1) X(GLSLstd450,UnpackHalf2x16,62,1) \
    X(GLSLstd450,UnpackSnorm4x8,63,1) X(GLSLstd450,UnpackUnorm4x8,64,1) \
    X(GLSLstd450,UnpackDouble2x32,65,1) X(GLSLstd450,Length,66,1) X(GLSLstd450,Distance,67,2) \
    X(GLSLstd450,Cross,68,2) X(GLSLstd450,Normalize,69,1) X(GLSLstd450,FaceForward,70,3) \
    X(GLSLstd450,Reflect,71,2) X(GLSLstd450,Refract,72,3) X(GLSLstd450,FindILsb,73,1) \
    X(GLSLstd450,FindSMsb,74,1) X(GLSLstd450,FindUMsb,75,1) \
    X(GLSLstd450,InterpolateAtCentroid,76,1) X(GLSLstd450,InterpolateAtSample,77,2) \
    X(GLSLstd450,InterpolateAtOffset,78,2) X(GLSLstd450,NMin,79,2) X(GLSLstd450,NMax,80,2) \
    X(GLSLstd450,NClamp,81,3)

#define ALPHA_SPIRV_LIST_Scope(X) \
    X(Scope,CrossDevice,0,"") X(Scope,Device,1,"") X(Scope,Workgroup,2,"") X(Scope,Subgroup,3,"") \
    X(Scope,Invocation,4,"") X(Scope,QueueFamily,5,"") X(Scope,QueueFamilyKHR,5,"") \
    X(Scope,ShaderCallKHR,6,"")

#define ALPHA_SPIRV_LIST_MemorySemantics(X) \
    X(MemorySemantics,Relaxed,0x0,"") X(MemorySemantics,None,0x0,"") \
    X(MemorySemantics,Acquire,0x2,"") X(MemorySemantics,Release,0x4,"") \
    X(MemorySemantics,AcquireRelease,0x8,"") X(MemorySemantics,SequentiallyConsistent,0x10,"") \
    X(MemorySemantics,UniformMemory,0x40,"") X(MemorySemantics,SubgroupMemory,0x80,"") \
    X(MemorySemantics,WorkgroupMemory,0x100,"") X(MemorySemantics,CrossWorkgroupMemory,0x200,"") \
    X(MemorySemantics,AtomicCounterMemory,0x400,"") X(MemorySemantics,ImageMemory,0x800,"") \
    X(MemorySemantics,OutputMemory,0x1000,"") X(MemorySemantics,OutputMemoryKHR,0x1000,"") \
    X(MemorySemantics,MakeAvailable,0x2000,"") X(MemorySemantics,MakeAvailableKHR,0x2000,"") \
    X(MemorySemantics,MakeVisible,0x4000,"") X(MemorySemantics,MakeVisibleKHR,0x4000,"") \
    X(MemorySemantics,Volatile,0x8000,"")

/* Operand pattern letters used in the lists above (the assembler reads them):
   T result type id, R result id, i id, n 32-bit literal integer, s literal string,
   c literal number typed by the result type, x extended-instruction name, o spec-constant
   opcode, P (switch literal, label) pair, Q (id, literal) pair, r (id, id) pair, and one
   letter per enumerant kind (see alpha__spv_kinds); '?' optional, '*' zero or more. */

#define ALPHA__SPV_ENUM(k, n, v, p) ALPHA_SPIRV_##k##n = v,
enum alpha_spirv_op_code { ALPHA_SPIRV_LIST_Op(ALPHA__SPV_ENUM) ALPHA_SPIRV_OpMax_ = 0x7fff };
enum alpha_spirv_glsl_inst { ALPHA_SPIRV_LIST_GLSLstd450(ALPHA__SPV_ENUM) ALPHA_SPIRV_GLSLstd450Max_ = 0x7fff };
enum alpha_spirv_source_language { ALPHA_SPIRV_LIST_SourceLanguage(ALPHA__SPV_ENUM) ALPHA_SPIRV_SourceLanguageMax_ = 0x7fffffff };
enum alpha_spirv_execution_model { ALPHA_SPIRV_LIST_ExecutionModel(ALPHA__SPV_ENUM) ALPHA_SPIRV_ExecutionModelMax_ = 0x7fffffff };
enum alpha_spirv_addressing_model { ALPHA_SPIRV_LIST_AddressingModel(ALPHA__SPV_ENUM) ALPHA_SPIRV_AddressingModelMax_ = 0x7fffffff };
enum alpha_spirv_memory_model { ALPHA_SPIRV_LIST_MemoryModel(ALPHA__SPV_ENUM) ALPHA_SPIRV_MemoryModelMax_ = 0x7fffffff };
enum alpha_spirv_execution_mode { ALPHA_SPIRV_LIST_ExecutionMode(ALPHA__SPV_ENUM) ALPHA_SPIRV_ExecutionModeMax_ = 0x7fffffff };
enum alpha_spirv_storage_class { ALPHA_SPIRV_LIST_StorageClass(ALPHA__SPV_ENUM) ALPHA_SPIRV_StorageClassMax_ = 0x7fffffff };
enum alpha_spirv_decoration { ALPHA_SPIRV_LIST_Decoration(ALPHA__SPV_ENUM) ALPHA_SPIRV_DecorationMax_ = 0x7fffffff };
enum alpha_spirv_builtin { ALPHA_SPIRV_LIST_BuiltIn(ALPHA__SPV_ENUM) ALPHA_SPIRV_BuiltInMax_ = 0x7fffffff };
enum alpha_spirv_group_operation { ALPHA_SPIRV_LIST_GroupOperation(ALPHA__SPV_ENUM) ALPHA_SPIRV_GroupOperationMax_ = 0x7fffffff };
enum alpha_spirv_capability { ALPHA_SPIRV_LIST_Capability(ALPHA__SPV_ENUM) ALPHA_SPIRV_CapabilityMax_ = 0x7fffffff };
enum alpha_spirv_coopmat_layout { ALPHA_SPIRV_LIST_CooperativeMatrixLayout(ALPHA__SPV_ENUM) ALPHA_SPIRV_CooperativeMatrixLayoutMax_ = 0x7fffffff };
enum alpha_spirv_coopmat_use { ALPHA_SPIRV_LIST_CooperativeMatrixUse(ALPHA__SPV_ENUM) ALPHA_SPIRV_CooperativeMatrixUseMax_ = 0x7fffffff };
enum alpha_spirv_tensor_clamp_mode { ALPHA_SPIRV_LIST_TensorClampMode(ALPHA__SPV_ENUM) ALPHA_SPIRV_TensorClampModeMax_ = 0x7fffffff };
enum alpha_spirv_loop_control { ALPHA_SPIRV_LIST_LoopControl(ALPHA__SPV_ENUM) ALPHA_SPIRV_LoopControlMax_ = 0x7fffffff };
enum alpha_spirv_memory_access { ALPHA_SPIRV_LIST_MemoryAccess(ALPHA__SPV_ENUM) ALPHA_SPIRV_MemoryAccessMax_ = 0x7fffffff };
enum alpha_spirv_fp_encoding { ALPHA_SPIRV_LIST_FPEncoding(ALPHA__SPV_ENUM) ALPHA_SPIRV_FPEncodingMax_ = 0x7fffffff };
enum alpha_spirv_coopmat_operands { ALPHA_SPIRV_LIST_CooperativeMatrixOperands(ALPHA__SPV_ENUM) ALPHA_SPIRV_CooperativeMatrixOperandsMax_ = 0x7fffffff };
enum alpha_spirv_scope { ALPHA_SPIRV_LIST_Scope(ALPHA__SPV_ENUM) ALPHA_SPIRV_ScopeMax_ = 0x7fffffff };
enum alpha_spirv_memory_semantics { ALPHA_SPIRV_LIST_MemorySemantics(ALPHA__SPV_ENUM) ALPHA_SPIRV_MemorySemanticsMax_ = 0x7fffffff };

/* Layouts for alpha_spirv_type_layout() and friends. */
typedef enum alpha_spirv_layout { ALPHA_SPIRV_STD430 = 0, ALPHA_SPIRV_STD140 = 1 } alpha_spirv_layout;

/* alpha_spirv_module_desc.flags */
#define ALPHA_SPIRV_NO_AUTO_CAPS 1u  /* helpers do not add capabilities/extensions */
/* alpha_spirv_buffer() flags */
#define ALPHA_SPIRV_READONLY   1u    /* NonWritable member */
#define ALPHA_SPIRV_WRITEONLY  2u    /* NonReadable member */
#define ALPHA_SPIRV_COHERENT   4u    /* Coherent variable */
#define ALPHA_SPIRV_RESTRICT   8u    /* Restrict variable */

typedef struct alpha_spirv_module alpha_spirv_module;

typedef struct alpha_spirv_module_desc {
    uint32_t version;          /* SPIR-V version word; 0 = 0x00010500 (SPIR-V 1.5, Vulkan 1.2) */
    uint32_t generator;        /* generator word; 0 = ALPHA_SPIRV_GENERATOR */
    uint32_t flags;            /* ALPHA_SPIRV_NO_AUTO_CAPS */
    alpha_logger logger;
    alpha_allocator allocator;
} alpha_spirv_module_desc;

/* What alpha_spirv_loop_begin() tells you: block labels, for OpPhi operands and branches. */
typedef struct alpha_spirv_loop {
    uint32_t pre;     /* the block that entered the loop */
    uint32_t header;  /* loop header block */
    uint32_t body;    /* first block of the body */
    uint32_t cont;    /* continue target */
    uint32_t merge;   /* block after the loop */
} alpha_spirv_loop;

typedef struct alpha_spirv_asm_desc {
    uint32_t version;          /* header version word; 0 = 0x00010600, what spirv-as writes by default */
    uint32_t generator;        /* 0 = ALPHA_SPIRV_GENERATOR */
    int allow_undefined_ids;   /* nonzero: accept ids that are used but never defined, like spirv-as */
    alpha_allocator allocator;
} alpha_spirv_asm_desc;

typedef struct alpha_spirv_asm_error {
    int line, col;             /* 1-based position of the offending token */
    char message[256];         /* "line:col: message" */
} alpha_spirv_asm_error;

ALPHA_EXTERN_C_BEGIN

/* ---- text assembler ---- */
/* Assembles len bytes of SPIR-V assembly. On success *words (freed with alpha_spirv_words_free
   and the same desc) holds *n_words words. desc and err may be NULL. Errors: ALPHA_ERR_FORMAT
   (bad text, err filled), ALPHA_ERR_OOM, ALPHA_ERR_INVALID (NULL arguments). */
ALPHA_API alpha_result alpha_spirv_assemble(const char *text, size_t len, const alpha_spirv_asm_desc *desc,
                                            uint32_t **words, size_t *n_words, alpha_spirv_asm_error *err);
ALPHA_API void alpha_spirv_words_free(const alpha_spirv_asm_desc *desc, uint32_t *words);
/* Looks an opcode up by name ("OpIAdd" or "IAdd"); returns -1 if unknown. */
ALPHA_API int alpha_spirv_opcode_from_name(const char *name);
ALPHA_API const char *alpha_spirv_opcode_name(uint32_t opcode); /* "OpIAdd" without Op: "IAdd"; NULL if unknown */

/* ---- module ---- */
ALPHA_API alpha_result alpha_spirv_module_create(alpha_spirv_module **out, const alpha_spirv_module_desc *desc);
ALPHA_API void alpha_spirv_module_destroy(alpha_spirv_module *m);
/* Lays the module out; *words stay valid until the next finish or destroy. The module can
   still be extended after it. */
ALPHA_API alpha_result alpha_spirv_module_finish(alpha_spirv_module *m, const uint32_t **words, size_t *n_words);
ALPHA_API const char *alpha_spirv_module_last_error(const alpha_spirv_module *m); /* "" if none */
ALPHA_API alpha_result alpha_spirv_module_result(const alpha_spirv_module *m);   /* sticky state */
ALPHA_API uint32_t alpha_spirv_id(alpha_spirv_module *m);                 /* fresh id (forward references) */
ALPHA_API uint32_t alpha_spirv_type_of(alpha_spirv_module *m, uint32_t value); /* result type of a value, 0 if none */
ALPHA_API void alpha_spirv_capability(alpha_spirv_module *m, uint32_t capability);
ALPHA_API void alpha_spirv_extension(alpha_spirv_module *m, const char *name);
ALPHA_API uint32_t alpha_spirv_import(alpha_spirv_module *m, const char *set); /* OpExtInstImport, deduplicated */
ALPHA_API void alpha_spirv_memory_model(alpha_spirv_module *m, uint32_t addressing, uint32_t model);
ALPHA_API void alpha_spirv_entry_point(alpha_spirv_module *m, uint32_t model, uint32_t function, const char *name);
ALPHA_API void alpha_spirv_execution_mode(alpha_spirv_module *m, uint32_t function, uint32_t mode, int n, ...);    /* n literal words */
ALPHA_API void alpha_spirv_execution_mode_id(alpha_spirv_module *m, uint32_t function, uint32_t mode, int n, ...); /* n ids */
ALPHA_API void alpha_spirv_name(alpha_spirv_module *m, uint32_t id, const char *name);
ALPHA_API void alpha_spirv_member_name(alpha_spirv_module *m, uint32_t type, uint32_t member, const char *name);
ALPHA_API void alpha_spirv_decorate(alpha_spirv_module *m, uint32_t target, uint32_t decoration, int n, ...); /* n literal words */
ALPHA_API void alpha_spirv_member_decorate(alpha_spirv_module *m, uint32_t type, uint32_t member, uint32_t decoration, int n, ...);

/* ---- types (deduplicated) ---- */
ALPHA_API uint32_t alpha_spirv_type_void(alpha_spirv_module *m);
ALPHA_API uint32_t alpha_spirv_type_bool(alpha_spirv_module *m);
ALPHA_API uint32_t alpha_spirv_type_int(alpha_spirv_module *m, uint32_t bits, int is_signed); /* 8/16/32/64 */
ALPHA_API uint32_t alpha_spirv_type_float(alpha_spirv_module *m, uint32_t bits);              /* 16/32/64 */
ALPHA_API uint32_t alpha_spirv_type_u32(alpha_spirv_module *m);
ALPHA_API uint32_t alpha_spirv_type_i32(alpha_spirv_module *m);
ALPHA_API uint32_t alpha_spirv_type_f32(alpha_spirv_module *m);
ALPHA_API uint32_t alpha_spirv_type_f16(alpha_spirv_module *m);
ALPHA_API uint32_t alpha_spirv_type_bf16(alpha_spirv_module *m);   /* OpTypeFloat 16 BFloat16KHR (SPV_KHR_bfloat16) */
ALPHA_API uint32_t alpha_spirv_type_vector(alpha_spirv_module *m, uint32_t component, uint32_t count);
ALPHA_API uint32_t alpha_spirv_type_array(alpha_spirv_module *m, uint32_t element, uint32_t length);
ALPHA_API uint32_t alpha_spirv_type_array_id(alpha_spirv_module *m, uint32_t element, uint32_t length_id); /* e.g. a spec constant */
ALPHA_API uint32_t alpha_spirv_type_runtime_array(alpha_spirv_module *m, uint32_t element);
ALPHA_API uint32_t alpha_spirv_type_struct(alpha_spirv_module *m, int n, const uint32_t *members);
ALPHA_API uint32_t alpha_spirv_type_pointer(alpha_spirv_module *m, uint32_t storage_class, uint32_t pointee);
ALPHA_API uint32_t alpha_spirv_type_function(alpha_spirv_module *m, uint32_t ret, int n, const uint32_t *params);
/* KHR cooperative matrix: scope is an ALPHA_SPIRV_Scope*, use an ALPHA_SPIRV_CooperativeMatrixUse*. */
ALPHA_API uint32_t alpha_spirv_type_coopmat(alpha_spirv_module *m, uint32_t component, uint32_t scope, uint32_t rows, uint32_t cols, uint32_t use);
ALPHA_API uint32_t alpha_spirv_type_coopmat_nv(alpha_spirv_module *m, uint32_t component, uint32_t scope, uint32_t rows, uint32_t cols);
ALPHA_API uint32_t alpha_spirv_type_tensor_layout_nv(alpha_spirv_module *m, uint32_t dim, uint32_t clamp_mode);
ALPHA_API uint32_t alpha_spirv_type_tensor_view_nv(alpha_spirv_module *m, uint32_t dim, int has_dimensions, int n_perm, const uint32_t *perm);

/* ---- layout ---- */
/* Laid-out copy of a type: arrays get ArrayStride, structs Offset on every member (recursively);
   scalars, vectors and pointers are returned unchanged. */
ALPHA_API uint32_t alpha_spirv_type_layout(alpha_spirv_module *m, uint32_t type, alpha_spirv_layout layout);
/* Struct of laid-out copies of the members, decorated Block. */
ALPHA_API uint32_t alpha_spirv_type_block(alpha_spirv_module *m, alpha_spirv_layout layout, int n, const uint32_t *members);
ALPHA_API uint32_t alpha_spirv_layout_size(alpha_spirv_module *m, uint32_t type, alpha_spirv_layout layout);  /* runtime arrays: 0 */
ALPHA_API uint32_t alpha_spirv_layout_align(alpha_spirv_module *m, uint32_t type, alpha_spirv_layout layout);
ALPHA_API uint32_t alpha_spirv_layout_offset(alpha_spirv_module *m, uint32_t struct_type, uint32_t member, alpha_spirv_layout layout);

/* ---- constants (deduplicated) and specialization constants ---- */
ALPHA_API uint32_t alpha_spirv_const_bool(alpha_spirv_module *m, int value);
ALPHA_API uint32_t alpha_spirv_const_int(alpha_spirv_module *m, uint32_t type, int64_t value);    /* any int type */
ALPHA_API uint32_t alpha_spirv_const_float(alpha_spirv_module *m, uint32_t type, double value);   /* any float type */
ALPHA_API uint32_t alpha_spirv_const_u32(alpha_spirv_module *m, uint32_t value);
ALPHA_API uint32_t alpha_spirv_const_i32(alpha_spirv_module *m, int32_t value);
ALPHA_API uint32_t alpha_spirv_const_f32(alpha_spirv_module *m, float value);
ALPHA_API uint32_t alpha_spirv_const_f16(alpha_spirv_module *m, float value);  /* rounded to nearest even */
ALPHA_API uint32_t alpha_spirv_const_composite(alpha_spirv_module *m, uint32_t type, int n, const uint32_t *parts);
ALPHA_API uint32_t alpha_spirv_const_null(alpha_spirv_module *m, uint32_t type);
ALPHA_API uint32_t alpha_spirv_spec_const_int(alpha_spirv_module *m, uint32_t type, uint32_t spec_id, int64_t value);
ALPHA_API uint32_t alpha_spirv_spec_const_float(alpha_spirv_module *m, uint32_t type, uint32_t spec_id, double value);
ALPHA_API uint32_t alpha_spirv_spec_const_u32(alpha_spirv_module *m, uint32_t spec_id, uint32_t value);
ALPHA_API uint32_t alpha_spirv_spec_const_bool(alpha_spirv_module *m, uint32_t spec_id, int value);
ALPHA_API uint32_t alpha_spirv_spec_const_composite(alpha_spirv_module *m, uint32_t type, int n, const uint32_t *parts);
ALPHA_API uint32_t alpha_spirv_spec_const_op(alpha_spirv_module *m, uint32_t type, uint32_t opcode, int n, const uint32_t *operands);

/* ---- variables ---- */
ALPHA_API uint32_t alpha_spirv_variable(alpha_spirv_module *m, uint32_t storage_class, uint32_t type, uint32_t initializer);
ALPHA_API uint32_t alpha_spirv_local(alpha_spirv_module *m, uint32_t type);   /* Function storage, hoisted */
ALPHA_API uint32_t alpha_spirv_shared(alpha_spirv_module *m, uint32_t type);  /* Workgroup storage, bare type */
ALPHA_API uint32_t alpha_spirv_shared_array(alpha_spirv_module *m, uint32_t element, uint32_t length);
/* StorageBuffer { element data[]; } (std430) at (set, binding); returns the variable. */
ALPHA_API uint32_t alpha_spirv_buffer(alpha_spirv_module *m, uint32_t element, uint32_t set, uint32_t binding, uint32_t flags);
ALPHA_API uint32_t alpha_spirv_buffer_at(alpha_spirv_module *m, uint32_t buffer, uint32_t index); /* pointer to data[index] */
ALPHA_API uint32_t alpha_spirv_push_constants(alpha_spirv_module *m, int n, const uint32_t *members); /* std430 Block */
ALPHA_API uint32_t alpha_spirv_uniform_block(alpha_spirv_module *m, uint32_t set, uint32_t binding, int n, const uint32_t *members); /* std140 */
ALPHA_API uint32_t alpha_spirv_member_ptr(alpha_spirv_module *m, uint32_t base, uint32_t member);  /* access chain to a struct member */
ALPHA_API uint32_t alpha_spirv_load_member(alpha_spirv_module *m, uint32_t base, uint32_t member);
/* Input variable for a built-in with its Vulkan type (uvec3 or uint), created once. */
ALPHA_API uint32_t alpha_spirv_builtin(alpha_spirv_module *m, uint32_t builtin);
ALPHA_API uint32_t alpha_spirv_builtin_load(alpha_spirv_module *m, uint32_t builtin, int component); /* component < 0: all */

/* ---- functions and blocks ---- */
/* Opens a function and its entry block; param_ids (may be NULL) receives n ids. */
ALPHA_API uint32_t alpha_spirv_function_begin(alpha_spirv_module *m, uint32_t ret, int n, const uint32_t *param_types, uint32_t *param_ids);
ALPHA_API void alpha_spirv_function_end(alpha_spirv_module *m);
/* void name() as a GLCompute entry point with LocalSize x y z (x == 0: no LocalSize mode). */
ALPHA_API uint32_t alpha_spirv_compute_begin(alpha_spirv_module *m, const char *name, uint32_t x, uint32_t y, uint32_t z);
ALPHA_API void alpha_spirv_local_size(alpha_spirv_module *m, uint32_t function, uint32_t x, uint32_t y, uint32_t z);
/* Workgroup size from specialization constants with SpecIds spec_id[0..2] and defaults x y z
   (the WorkgroupSize built-in before SPIR-V 1.6, LocalSizeId from 1.6). out_ids may be NULL. */
ALPHA_API void alpha_spirv_local_size_spec(alpha_spirv_module *m, uint32_t function, uint32_t x, uint32_t y, uint32_t z,
                                           const uint32_t spec_id[3], uint32_t out_ids[3]);
ALPHA_API uint32_t alpha_spirv_call(alpha_spirv_module *m, uint32_t function, int n, const uint32_t *args);
ALPHA_API uint32_t alpha_spirv_label(alpha_spirv_module *m, uint32_t id); /* opens a block; id 0 = fresh */
ALPHA_API uint32_t alpha_spirv_current_block(alpha_spirv_module *m);      /* 0 if none open */
ALPHA_API void alpha_spirv_branch(alpha_spirv_module *m, uint32_t target);
ALPHA_API void alpha_spirv_branch_cond(alpha_spirv_module *m, uint32_t cond, uint32_t if_true, uint32_t if_false);
ALPHA_API void alpha_spirv_selection_merge(alpha_spirv_module *m, uint32_t merge);
ALPHA_API void alpha_spirv_loop_merge(alpha_spirv_module *m, uint32_t merge, uint32_t cont, uint32_t loop_control);
ALPHA_API void alpha_spirv_return(alpha_spirv_module *m);
ALPHA_API void alpha_spirv_return_value(alpha_spirv_module *m, uint32_t value);
ALPHA_API void alpha_spirv_unreachable(alpha_spirv_module *m);
/* OpPhi with n (value, parent block) pairs: pairs[2k] value, pairs[2k+1] block. */
ALPHA_API uint32_t alpha_spirv_phi(alpha_spirv_module *m, uint32_t type, int n, const uint32_t *pairs);

/* ---- structured control flow ---- */
ALPHA_API void alpha_spirv_if_begin(alpha_spirv_module *m, uint32_t cond);
ALPHA_API void alpha_spirv_else(alpha_spirv_module *m);
ALPHA_API void alpha_spirv_if_end(alpha_spirv_module *m);
ALPHA_API void alpha_spirv_loop_begin(alpha_spirv_module *m, alpha_spirv_loop *info);   /* opens the header block */
ALPHA_API void alpha_spirv_loop_while(alpha_spirv_module *m, uint32_t cond);              /* header: go on while cond */
ALPHA_API void alpha_spirv_loop_body(alpha_spirv_module *m);                            /* header: always enter (leave with loop_break) */
ALPHA_API void alpha_spirv_loop_continue_block(alpha_spirv_module *m);                  /* opens the continue block */
ALPHA_API void alpha_spirv_loop_end(alpha_spirv_module *m);                             /* back edge; opens the merge block */
ALPHA_API void alpha_spirv_loop_break(alpha_spirv_module *m);
ALPHA_API void alpha_spirv_loop_continue(alpha_spirv_module *m);
/* for (i = start; i < end; i += step): returns i (the type of start; signed compare for signed types). */
ALPHA_API uint32_t alpha_spirv_for_begin(alpha_spirv_module *m, uint32_t start, uint32_t end, uint32_t step);
ALPHA_API void alpha_spirv_for_end(alpha_spirv_module *m);

/* ---- instructions ---- */
/* Generic: emits opcode with result type (0 if the opcode has none), allocating the result id
   when the opcode has one (returned; 0 otherwise or on error). Operands are raw words. */
ALPHA_API uint32_t alpha_spirv_op(alpha_spirv_module *m, uint32_t opcode, uint32_t type, int n, const uint32_t *operands);
ALPHA_API uint32_t alpha_spirv_opn(alpha_spirv_module *m, uint32_t opcode, uint32_t type, int n, ...);
/* Like alpha_spirv_op but defines a result id you reserved with alpha_spirv_id (for values an
   OpPhi names before they exist). */
ALPHA_API uint32_t alpha_spirv_op_to(alpha_spirv_module *m, uint32_t result, uint32_t opcode, uint32_t type, int n, const uint32_t *operands);
/* Binary/unary with the result type of a (comparisons give bool of the same shape). */
ALPHA_API uint32_t alpha_spirv_binop(alpha_spirv_module *m, uint32_t opcode, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_unop(alpha_spirv_module *m, uint32_t opcode, uint32_t a);
ALPHA_API uint32_t alpha_spirv_iadd(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_isub(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_imul(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_udiv(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_sdiv(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_umod(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_srem(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_fadd(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_fsub(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_fmul(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_fdiv(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_fneg(alpha_spirv_module *m, uint32_t a);
ALPHA_API uint32_t alpha_spirv_shl(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_shr(alpha_spirv_module *m, uint32_t a, uint32_t b);  /* logical for unsigned, arithmetic for signed */
ALPHA_API uint32_t alpha_spirv_band(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_bor(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_bxor(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_ieq(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_ine(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_ilt(alpha_spirv_module *m, uint32_t a, uint32_t b);  /* signed or unsigned by type */
ALPHA_API uint32_t alpha_spirv_ile(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_igt(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_ige(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_flt(alpha_spirv_module *m, uint32_t a, uint32_t b);  /* ordered */
ALPHA_API uint32_t alpha_spirv_fle(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_fgt(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_fge(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_feq(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_land(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_lor(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_lnot(alpha_spirv_module *m, uint32_t a);
ALPHA_API uint32_t alpha_spirv_select(alpha_spirv_module *m, uint32_t cond, uint32_t a, uint32_t b);
/* Numeric conversion to type, choosing FConvert/ConvertSToF/ConvertFToU/UConvert/Bitcast/... */
ALPHA_API uint32_t alpha_spirv_cast(alpha_spirv_module *m, uint32_t type, uint32_t value);
ALPHA_API uint32_t alpha_spirv_bitcast(alpha_spirv_module *m, uint32_t type, uint32_t value);
ALPHA_API uint32_t alpha_spirv_construct(alpha_spirv_module *m, uint32_t type, int n, const uint32_t *parts);
ALPHA_API uint32_t alpha_spirv_extract(alpha_spirv_module *m, uint32_t composite, uint32_t index);
ALPHA_API uint32_t alpha_spirv_insert(alpha_spirv_module *m, uint32_t object, uint32_t composite, uint32_t index);
ALPHA_API uint32_t alpha_spirv_shuffle(alpha_spirv_module *m, uint32_t a, uint32_t b, int n, const uint32_t *components);
ALPHA_API uint32_t alpha_spirv_dot(alpha_spirv_module *m, uint32_t a, uint32_t b);
ALPHA_API uint32_t alpha_spirv_load(alpha_spirv_module *m, uint32_t pointer);
ALPHA_API uint32_t alpha_spirv_load_aligned(alpha_spirv_module *m, uint32_t pointer, uint32_t bytes); /* Aligned memory operand */
ALPHA_API void alpha_spirv_store_aligned(alpha_spirv_module *m, uint32_t pointer, uint32_t value, uint32_t bytes);
ALPHA_API void alpha_spirv_store(alpha_spirv_module *m, uint32_t pointer, uint32_t value);
ALPHA_API uint32_t alpha_spirv_access_chain(alpha_spirv_module *m, uint32_t base, int n, const uint32_t *indices);
ALPHA_API uint32_t alpha_spirv_access(alpha_spirv_module *m, uint32_t base, int n, ...); /* n index ids */
/* GLSL.std.450: result type of the first argument (alpha_spirv_glsl_typed for others). */
ALPHA_API uint32_t alpha_spirv_glsl(alpha_spirv_module *m, uint32_t inst, int n, ...);
ALPHA_API uint32_t alpha_spirv_glsl_typed(alpha_spirv_module *m, uint32_t type, uint32_t inst, int n, const uint32_t *args);
/* Barriers: scopes are ALPHA_SPIRV_Scope*, semantics ALPHA_SPIRV_MemorySemantics* masks. */
ALPHA_API void alpha_spirv_control_barrier(alpha_spirv_module *m, uint32_t exec_scope, uint32_t mem_scope, uint32_t semantics);
ALPHA_API void alpha_spirv_memory_barrier(alpha_spirv_module *m, uint32_t mem_scope, uint32_t semantics);
ALPHA_API void alpha_spirv_workgroup_barrier(alpha_spirv_module *m); /* barrier() of GLSL compute */
/* Atomics: opcode is OpAtomicIAdd/ISub/SMin/UMin/SMax/UMax/And/Or/Xor/Exchange/FAddEXT/FMinEXT/FMaxEXT. */
ALPHA_API uint32_t alpha_spirv_atomic(alpha_spirv_module *m, uint32_t opcode, uint32_t pointer, uint32_t scope, uint32_t semantics, uint32_t value);
ALPHA_API uint32_t alpha_spirv_atomic_cmpxchg(alpha_spirv_module *m, uint32_t pointer, uint32_t scope, uint32_t sem_equal,
                                              uint32_t sem_unequal, uint32_t value, uint32_t comparator);
ALPHA_API uint32_t alpha_spirv_atomic_load(alpha_spirv_module *m, uint32_t pointer, uint32_t scope, uint32_t semantics);
ALPHA_API void alpha_spirv_atomic_store(alpha_spirv_module *m, uint32_t pointer, uint32_t scope, uint32_t semantics, uint32_t value);
/* Subgroup (GroupNonUniform, Subgroup scope). opcode: OpGroupNonUniformFAdd/IAdd/FMin/... */
ALPHA_API uint32_t alpha_spirv_subgroup_arith(alpha_spirv_module *m, uint32_t opcode, uint32_t group_operation, uint32_t value);
ALPHA_API uint32_t alpha_spirv_subgroup_reduce(alpha_spirv_module *m, uint32_t opcode, uint32_t value);
ALPHA_API uint32_t alpha_spirv_subgroup_broadcast(alpha_spirv_module *m, uint32_t value, uint32_t lane);
ALPHA_API uint32_t alpha_spirv_subgroup_broadcast_first(alpha_spirv_module *m, uint32_t value);
ALPHA_API uint32_t alpha_spirv_subgroup_shuffle(alpha_spirv_module *m, uint32_t value, uint32_t lane);
ALPHA_API uint32_t alpha_spirv_subgroup_shuffle_xor(alpha_spirv_module *m, uint32_t value, uint32_t mask);
ALPHA_API uint32_t alpha_spirv_subgroup_ballot(alpha_spirv_module *m, uint32_t predicate); /* uvec4 */
ALPHA_API uint32_t alpha_spirv_subgroup_elect(alpha_spirv_module *m);
/* KHR cooperative matrix. layout: ALPHA_SPIRV_CooperativeMatrixLayout*; stride: an id (0 = none). */
ALPHA_API uint32_t alpha_spirv_coopmat_load(alpha_spirv_module *m, uint32_t type, uint32_t pointer, uint32_t layout, uint32_t stride);
ALPHA_API void alpha_spirv_coopmat_store(alpha_spirv_module *m, uint32_t pointer, uint32_t object, uint32_t layout, uint32_t stride);
ALPHA_API uint32_t alpha_spirv_coopmat_muladd(alpha_spirv_module *m, uint32_t a, uint32_t b, uint32_t c, uint32_t operands);
ALPHA_API uint32_t alpha_spirv_coopmat_length(alpha_spirv_module *m, uint32_t type);
/* NV cooperative matrix (SPV_NV_cooperative_matrix). */
ALPHA_API uint32_t alpha_spirv_coopmat_load_nv(alpha_spirv_module *m, uint32_t type, uint32_t pointer, uint32_t stride, int column_major);
ALPHA_API void alpha_spirv_coopmat_store_nv(alpha_spirv_module *m, uint32_t pointer, uint32_t object, uint32_t stride, int column_major);
ALPHA_API uint32_t alpha_spirv_coopmat_muladd_nv(alpha_spirv_module *m, uint32_t a, uint32_t b, uint32_t c);
/* NV cooperative matrix 2 tensor addressing (workgroup-scope GEMM). */
ALPHA_API uint32_t alpha_spirv_tensor_layout_create_nv(alpha_spirv_module *m, uint32_t type);
ALPHA_API uint32_t alpha_spirv_tensor_view_create_nv(alpha_spirv_module *m, uint32_t type);
/* opcode: OpTensorLayoutSetDimensionNV/SetStrideNV/SliceNV/SetClampValueNV/SetBlockSizeNV,
   OpTensorViewSetDimensionNV/SetStrideNV/SetClipNV; returns the updated object. */
ALPHA_API uint32_t alpha_spirv_tensor_set_nv(alpha_spirv_module *m, uint32_t opcode, uint32_t object, int n, const uint32_t *ids);
ALPHA_API uint32_t alpha_spirv_coopmat_load_tensor_nv(alpha_spirv_module *m, uint32_t type, uint32_t pointer, uint32_t object,
                                                      uint32_t tensor_layout, uint32_t tensor_view);
ALPHA_API void alpha_spirv_coopmat_store_tensor_nv(alpha_spirv_module *m, uint32_t pointer, uint32_t object,
                                                   uint32_t tensor_layout, uint32_t tensor_view);

ALPHA_EXTERN_C_END

#endif /* ALPHA_SPIRV_H */

/* ======================================================================================= */
#if (defined(ALPHA_IMPLEMENTATION) || defined(ALPHA_SPIRV_IMPLEMENTATION)) && !defined(ALPHA_SPIRV_IMPLEMENTED)
#define ALPHA_SPIRV_IMPLEMENTED
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <ctype.h>

#ifndef ALPHA_MALLOC
#define ALPHA_MALLOC(sz) malloc(sz)
#endif
#ifndef ALPHA_FREE
#define ALPHA_FREE(p) free(p)
#endif
#ifndef ALPHA_SPIRV_GENERATOR
#define ALPHA_SPIRV_GENERATOR 0u
#endif

/* ---- memory ---- */
static void *alpha__spv_alloc(const alpha_allocator *a, size_t n) {
    if (n == 0) n = 1;
    return a->alloc ? a->alloc(a->user_data, n) : ALPHA_MALLOC(n);
}
static void alpha__spv_free(const alpha_allocator *a, void *p) {
    if (!p) return;
    if (a->alloc) { if (a->free) a->free(a->user_data, p); } else ALPHA_FREE(p);
}
/* grows *p (elements of size elem) to hold at least need elements; 0 on OOM */
static int alpha__spv_grow(const alpha_allocator *a, void **p, size_t *cap, size_t need, size_t elem) {
    size_t nc; void *np;
    if (need <= *cap) return 1;
    nc = *cap ? *cap * 2 : 32;
    while (nc < need) nc *= 2;
    if (nc > ((size_t)-1) / elem / 2) return 0;
    np = alpha__spv_alloc(a, nc * elem);
    if (!np) return 0;
    if (*p && *cap) memcpy(np, *p, *cap * elem);
    if (*p) memset((char *)np + *cap * elem, 0, (nc - *cap) * elem); else memset(np, 0, nc * elem);
    alpha__spv_free(a, *p);
    *p = np; *cap = nc;
    return 1;
}

typedef struct alpha__spv_buf { uint32_t *w; size_t n, cap; } alpha__spv_buf;
static int alpha__spv_put(const alpha_allocator *a, alpha__spv_buf *b, uint32_t w) {
    if (b->n == b->cap && !alpha__spv_grow(a, (void **)&b->w, &b->cap, b->n + 1, 4)) return 0;
    b->w[b->n++] = w;
    return 1;
}
static int alpha__spv_putn(const alpha_allocator *a, alpha__spv_buf *b, const uint32_t *w, size_t n) {
    if (!alpha__spv_grow(a, (void **)&b->w, &b->cap, b->n + n, 4)) return 0;
    if (n) memcpy(b->w + b->n, w, n * 4);
    b->n += n;
    return 1;
}
/* words a string takes (with its NUL, padded) */
static size_t alpha__spv_str_words(size_t len) { return len / 4 + 1; }
static int alpha__spv_put_str(const alpha_allocator *a, alpha__spv_buf *b, const char *s, size_t len) {
    size_t i, nw = alpha__spv_str_words(len);
    if (!alpha__spv_grow(a, (void **)&b->w, &b->cap, b->n + nw, 4)) return 0;
    for (i = 0; i < nw; i++) b->w[b->n + i] = 0;
    for (i = 0; i < len; i++) b->w[b->n + i / 4] |= (uint32_t)(unsigned char)s[i] << (8 * (i % 4));
    b->n += nw;
    return 1;
}

/* ---- grammar tables ---- */
typedef struct alpha__spv_opdef { const char *name; uint16_t op; const char *pat; } alpha__spv_opdef;
typedef struct alpha__spv_enumdef { const char *name; uint32_t value; const char *params; } alpha__spv_enumdef;
typedef struct alpha__spv_kinddef { char code; char mask; const char *what; const alpha__spv_enumdef *e; int n; } alpha__spv_kinddef;
typedef struct alpha__spv_glsldef { const char *name; uint16_t inst; uint16_t nargs; } alpha__spv_glsldef;

#define ALPHA__SPV_OPROW(k, n, v, p) {#n, (uint16_t)(v), p},
#define ALPHA__SPV_EROW(k, n, v, p) {#n, (uint32_t)(v), p},
#define ALPHA__SPV_GROW(k, n, v, p) {#n, (uint16_t)(v), (uint16_t)(p)},
static const alpha__spv_opdef alpha__spv_ops[] = { ALPHA_SPIRV_LIST_Op(ALPHA__SPV_OPROW) };
static const alpha__spv_glsldef alpha__spv_glsl[] = { ALPHA_SPIRV_LIST_GLSLstd450(ALPHA__SPV_GROW) };
#define ALPHA__SPV_ETAB(kind) static const alpha__spv_enumdef alpha__spv_e_##kind[] = { ALPHA_SPIRV_LIST_##kind(ALPHA__SPV_EROW) };
ALPHA__SPV_ETAB(SourceLanguage) ALPHA__SPV_ETAB(ExecutionModel) ALPHA__SPV_ETAB(AddressingModel)
ALPHA__SPV_ETAB(MemoryModel) ALPHA__SPV_ETAB(ExecutionMode) ALPHA__SPV_ETAB(StorageClass)
ALPHA__SPV_ETAB(FPRoundingMode) ALPHA__SPV_ETAB(LinkageType) ALPHA__SPV_ETAB(AccessQualifier)
ALPHA__SPV_ETAB(FunctionParameterAttribute) ALPHA__SPV_ETAB(Decoration) ALPHA__SPV_ETAB(BuiltIn)
ALPHA__SPV_ETAB(GroupOperation) ALPHA__SPV_ETAB(Capability) ALPHA__SPV_ETAB(CooperativeMatrixLayout)
ALPHA__SPV_ETAB(CooperativeMatrixUse) ALPHA__SPV_ETAB(TensorClampMode) ALPHA__SPV_ETAB(FPEncoding)
ALPHA__SPV_ETAB(FPFastMathMode) ALPHA__SPV_ETAB(SelectionControl) ALPHA__SPV_ETAB(LoopControl)
ALPHA__SPV_ETAB(FunctionControl) ALPHA__SPV_ETAB(MemoryAccess) ALPHA__SPV_ETAB(CooperativeMatrixOperands)
ALPHA__SPV_ETAB(CooperativeMatrixReduce) ALPHA__SPV_ETAB(TensorAddressingOperands)
#define ALPHA__SPV_KIND(c, mask, what, kind) {c, mask, what, alpha__spv_e_##kind, (int)(sizeof alpha__spv_e_##kind / sizeof alpha__spv_e_##kind[0])},
static const alpha__spv_kinddef alpha__spv_kinds[] = {
    ALPHA__SPV_KIND('L', 0, "source language", SourceLanguage)
    ALPHA__SPV_KIND('E', 0, "execution model", ExecutionModel)
    ALPHA__SPV_KIND('A', 0, "addressing model", AddressingModel)
    ALPHA__SPV_KIND('M', 0, "memory model", MemoryModel)
    ALPHA__SPV_KIND('X', 0, "execution mode", ExecutionMode)
    ALPHA__SPV_KIND('S', 0, "storage class", StorageClass)
    ALPHA__SPV_KIND('U', 0, "FP rounding mode", FPRoundingMode)
    ALPHA__SPV_KIND('K', 0, "linkage type", LinkageType)
    ALPHA__SPV_KIND('Z', 0, "access qualifier", AccessQualifier)
    ALPHA__SPV_KIND('W', 0, "function parameter attribute", FunctionParameterAttribute)
    ALPHA__SPV_KIND('D', 0, "decoration", Decoration)
    ALPHA__SPV_KIND('B', 0, "built-in", BuiltIn)
    ALPHA__SPV_KIND('G', 0, "group operation", GroupOperation)
    ALPHA__SPV_KIND('C', 0, "capability", Capability)
    ALPHA__SPV_KIND('Y', 0, "cooperative matrix layout", CooperativeMatrixLayout)
    ALPHA__SPV_KIND('V', 0, "cooperative matrix use", CooperativeMatrixUse)
    ALPHA__SPV_KIND('N', 0, "tensor clamp mode", TensorClampMode)
    ALPHA__SPV_KIND('e', 0, "FP encoding", FPEncoding)
    ALPHA__SPV_KIND('f', 1, "FP fast math mode", FPFastMathMode)
    ALPHA__SPV_KIND('h', 1, "selection control", SelectionControl)
    ALPHA__SPV_KIND('l', 1, "loop control", LoopControl)
    ALPHA__SPV_KIND('F', 1, "function control", FunctionControl)
    ALPHA__SPV_KIND('m', 1, "memory access", MemoryAccess)
    ALPHA__SPV_KIND('k', 1, "cooperative matrix operands", CooperativeMatrixOperands)
    ALPHA__SPV_KIND('j', 1, "cooperative matrix reduce", CooperativeMatrixReduce)
    ALPHA__SPV_KIND('t', 1, "tensor addressing operands", TensorAddressingOperands)
};
#define ALPHA__SPV_COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const alpha__spv_opdef *alpha__spv_op_by_code(uint32_t op) {
    int i;
    for (i = 0; i < ALPHA__SPV_COUNT(alpha__spv_ops); i++)
        if (alpha__spv_ops[i].op == op) return &alpha__spv_ops[i];
    return NULL;
}
static const alpha__spv_opdef *alpha__spv_op_by_name(const char *s, size_t n) {
    int i;
    for (i = 0; i < ALPHA__SPV_COUNT(alpha__spv_ops); i++)
        if (strlen(alpha__spv_ops[i].name) == n && memcmp(alpha__spv_ops[i].name, s, n) == 0) return &alpha__spv_ops[i];
    return NULL;
}
static const alpha__spv_kinddef *alpha__spv_kind(char c) {
    int i;
    for (i = 0; i < ALPHA__SPV_COUNT(alpha__spv_kinds); i++)
        if (alpha__spv_kinds[i].code == c) return &alpha__spv_kinds[i];
    return NULL;
}
static const alpha__spv_enumdef *alpha__spv_enum_by_name(const alpha__spv_kinddef *k, const char *s, size_t n) {
    int i;
    for (i = 0; i < k->n; i++)
        if (strlen(k->e[i].name) == n && memcmp(k->e[i].name, s, n) == 0) return &k->e[i];
    return NULL;
}
static const alpha__spv_enumdef *alpha__spv_enum_by_value(const alpha__spv_kinddef *k, uint32_t v) {
    int i;
    for (i = 0; i < k->n; i++)
        if (k->e[i].value == v) return &k->e[i];
    return NULL;
}

ALPHA_API int alpha_spirv_opcode_from_name(const char *name) {
    const alpha__spv_opdef *d;
    size_t n;
    if (!name) return -1;
    if (name[0] == 'O' && name[1] == 'p') name += 2;
    n = strlen(name);
    d = alpha__spv_op_by_name(name, n);
    return d ? (int)d->op : -1;
}
ALPHA_API const char *alpha_spirv_opcode_name(uint32_t opcode) {
    const alpha__spv_opdef *d = alpha__spv_op_by_code(opcode);
    return d ? d->name : NULL;
}

/* ======================================================================================= */
/* ---- number parsing (the rules spirv-as follows) ---- */

/* Integer text: [+-] then 0x hex, 0 octal or decimal; all of it. 0 = ok. */
static int alpha__spv_parse_u64(const char *t, size_t n, int *neg, int *hex, uint64_t *mag) {
    size_t i = 0;
    unsigned base = 10;
    uint64_t v = 0;
    *neg = 0; *hex = 0;
    if (n == 0) return 1;
    if (t[0] == '-' || t[0] == '+') { *neg = t[0] == '-'; i = 1; }
    if (i >= n) return 1;
    if (t[i] == '0' && i + 1 < n && (t[i + 1] == 'x' || t[i + 1] == 'X')) {
        base = 16; i += 2;
        if (i >= n) return 1;
        if (!*neg && t[0] != '+') *hex = 1;
    } else if (t[i] == '0') {
        base = 8;
    }
    for (; i < n; i++) {
        unsigned d;
        char c = t[i];
        if (c >= '0' && c <= '9') d = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') d = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') d = (unsigned)(c - 'A' + 10);
        else return 1;
        if (d >= base) return 1;
        if (v > (~(uint64_t)0 - d) / base) return 1;
        v = v * base + d;
    }
    *mag = v;
    return 0;
}

/* Encodes integer text for an int type of width bits. Returns 0 and words, or an error. */
static int alpha__spv_encode_int(const char *t, size_t n, uint32_t width, int is_signed, uint32_t out[2], int *nw,
                                 char *msg, size_t msz) {
    int neg, hex;
    uint64_t mag, bits;
    if (width == 0 || width > 64) { snprintf(msg, msz, "unsupported %u-bit integer literal", (unsigned)width); return 1; }
    if (n > 0 && t[0] == '-' && !is_signed) { snprintf(msg, msz, "cannot put a negative number in an unsigned literal"); return 1; }
    if (alpha__spv_parse_u64(t, n, &neg, &hex, &mag)) {
        snprintf(msg, msz, "invalid %s integer literal '%.*s'", neg ? "signed" : "unsigned", (int)(n > 64 ? 64 : n), t);
        return 1;
    }
    if (neg) {
        uint64_t lim = width == 64 ? (uint64_t)1 << 63 : (uint64_t)1 << (width - 1);
        if (mag > lim) goto range;
        bits = (uint64_t)0 - mag;
    } else if (is_signed && !hex) {
        uint64_t lim = width == 64 ? ((uint64_t)1 << 63) - 1 : ((uint64_t)1 << (width - 1)) - 1;
        if (mag > lim) goto range;
        bits = mag;
    } else {
        if (width < 64 && (mag >> width)) goto range;
        bits = mag;
        if (is_signed && width < 64 && (bits >> (width - 1)) & 1) bits |= ~(uint64_t)0 << width;
    }
    out[0] = (uint32_t)bits;
    out[1] = (uint32_t)(bits >> 32);
    *nw = width > 32 ? 2 : 1;
    return 0;
range:
    snprintf(msg, msz, "integer %.*s does not fit in a %u-bit %s integer", (int)(n > 64 ? 64 : n), t, (unsigned)width,
             is_signed ? "signed" : "unsigned");
    return 1;
}

/* Hex float [-]0x<hex>[.<hex>]p[+-]<dec>, truncated toward zero; exponent overflow keeps the
   fraction bits under an all-ones exponent (as SPIRV-Tools does). */
static int alpha__spv_hexfloat(const char *t, size_t n, int fbits, int ebits, uint64_t *out) {
    size_t i = 0, j, nint = 0;
    int neg = 0, seen_lead = 0, nfrac = 0, esign = 1, edigits = 0, part;
    int64_t lead = 0, wexp = 0, pos, bias = ((int64_t)1 << (ebits - 1)) - 1, maxe = ((int64_t)1 << ebits) - 1, be;
    uint64_t frac = 0, r = 0;
    if (i < n && t[i] == '-') { neg = 1; i++; }
    if (!(i + 1 < n && t[i] == '0' && (t[i + 1] == 'x' || t[i + 1] == 'X'))) return 1;
    i += 2;
    for (j = i; j < n && isxdigit((unsigned char)t[j]); j++) nint++;
    pos = 4 * (int64_t)nint; /* weight exponent of the next bit, plus one */
    for (part = 0; part < 2; part++) {
        if (part == 1) {
            if (i < n && t[i] == '.') i++;
            else break;
        }
        for (; i < n && isxdigit((unsigned char)t[i]); i++) {
            int d = t[i] <= '9' ? t[i] - '0' : (t[i] | 0x20) - 'a' + 10, b;
            for (b = 3; b >= 0; b--) {
                int bit = (d >> b) & 1;
                pos--;
                if (!seen_lead) {
                    if (bit) { seen_lead = 1; lead = pos; }
                } else if (nfrac < 64) {
                    if (bit) frac |= (uint64_t)1 << (63 - nfrac);
                    nfrac++;
                }
            }
        }
    }
    if (i >= n || t[i] != 'p') return 1;
    i++;
    if (i < n && (t[i] == '+' || t[i] == '-')) { esign = t[i] == '-' ? -1 : 1; i++; }
    for (; i < n; i++) {
        if (t[i] < '0' || t[i] > '9') return 1;
        edigits++;
        if (wexp < 1000000000) wexp = wexp * 10 + (t[i] - '0');
    }
    if (!edigits) return 1;
    if (seen_lead) {
        be = lead + esign * wexp + bias;
        if (be >= maxe) {
            r = ((uint64_t)maxe << fbits) | (frac >> (64 - fbits));
        } else if (be >= 1) {
            r = ((uint64_t)be << fbits) | (frac >> (64 - fbits));
        } else {
            int64_t shift = 1 - be;
            uint64_t sig = ((uint64_t)1 << fbits) | (frac >> (64 - fbits));
            r = shift > fbits + 1 ? 0 : sig >> shift;
        }
    }
    if (neg) r |= (uint64_t)1 << (fbits + ebits);
    *out = r;
    return 0;
}

/* decimal float syntax: [+-](digits[.digits]|.digits)[(e|E)[+-]digits] */
static int alpha__spv_decfloat_ok(const char *t, size_t n) {
    size_t i = 0, d1 = 0, d2 = 0, d3 = 0;
    if (i < n && (t[i] == '+' || t[i] == '-')) i++;
    while (i < n && t[i] >= '0' && t[i] <= '9') { i++; d1++; }
    if (i < n && t[i] == '.') { i++; while (i < n && t[i] >= '0' && t[i] <= '9') { i++; d2++; } }
    if (d1 + d2 == 0) return 0;
    if (i < n && (t[i] == 'e' || t[i] == 'E')) {
        i++;
        if (i < n && (t[i] == '+' || t[i] == '-')) i++;
        while (i < n && t[i] >= '0' && t[i] <= '9') { i++; d3++; }
        if (!d3) return 0;
    }
    return i == n;
}

typedef union alpha__spv_f32u { float f; uint32_t u; } alpha__spv_f32u;
typedef union alpha__spv_f64u { double f; uint64_t u; } alpha__spv_f64u;

static int alpha__spv_strtod(const char *t, size_t n, int single, double *out) {
    char buf[512], *end;
    char dp = '.';
    size_t i;
    const struct lconv *lc = localeconv();
    if (lc && lc->decimal_point && lc->decimal_point[0]) dp = lc->decimal_point[0];
    if (n >= sizeof buf) return 1;
    for (i = 0; i < n; i++) buf[i] = t[i] == '.' ? dp : t[i];
    buf[n] = 0;
    if (single) {
        alpha__spv_f32u u;
        u.f = strtof(buf, &end);
        if (end != buf + n || (u.u & 0x7f800000u) == 0x7f800000u) return 1;
        *out = u.f;
    } else {
        alpha__spv_f64u u;
        u.f = strtod(buf, &end);
        if (end != buf + n || (u.u & 0x7ff0000000000000ull) == 0x7ff0000000000000ull) return 1;
        *out = u.f;
    }
    return 0;
}

/* float (already rounded to f32) to f16 bits, truncated toward zero; 1 on overflow */
static int alpha__spv_f32_to_f16_trunc(float f, uint32_t *out) {
    alpha__spv_f32u u;
    uint32_t sign, e, man;
    int E;
    u.f = f;
    sign = (u.u >> 16) & 0x8000u;
    e = (u.u >> 23) & 0xffu;
    man = u.u & 0x7fffffu;
    if (e == 0) { *out = sign; return 0; }
    E = (int)e - 127;
    if (E > 15) return 1;
    if (E >= -14) { *out = sign | (uint32_t)(E + 15) << 10 | (man >> 13); return 0; }
    {
        int sh = 13 + (-14 - E);
        *out = sign | (sh >= 32 ? 0u : (0x800000u | man) >> sh);
    }
    return 0;
}

static int alpha__spv_encode_float(const char *t, size_t n, uint32_t width, uint32_t out[2], int *nw, char *msg, size_t msz) {
    int is_hex = n >= 2 && ((t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) ||
                            (n >= 3 && t[0] == '-' && t[1] == '0' && (t[2] == 'x' || t[2] == 'X')));
    uint64_t bits = 0;
    double d;
    if (width != 16 && width != 32 && width != 64) { snprintf(msg, msz, "unsupported %u-bit float literal", (unsigned)width); return 1; }
    if (is_hex) {
        if (alpha__spv_hexfloat(t, n, width == 16 ? 10 : width == 32 ? 23 : 52, width == 16 ? 5 : width == 32 ? 8 : 11, &bits)) goto bad;
    } else {
        if (!alpha__spv_decfloat_ok(t, n)) goto bad;
        if (alpha__spv_strtod(t, n, width != 64, &d)) goto bad;
        if (width == 64) { alpha__spv_f64u u; u.f = d; bits = u.u; }
        else if (width == 32) { alpha__spv_f32u u; u.f = (float)d; bits = u.u; }
        else { uint32_t h; if (alpha__spv_f32_to_f16_trunc((float)d, &h)) goto bad; bits = h; }
    }
    out[0] = (uint32_t)bits;
    out[1] = (uint32_t)(bits >> 32);
    *nw = width == 64 ? 2 : 1;
    return 0;
bad:
    snprintf(msg, msz, "invalid %u-bit float literal '%.*s'", (unsigned)width, (int)(n > 64 ? 64 : n), t);
    return 1;
}

/* ======================================================================================= */
/* ---- text assembler ---- */

typedef struct alpha__spv_asm_id {
    uint32_t value_type;        /* type of a value */
    uint32_t width;             /* OpTypeInt / OpTypeFloat width */
    uint8_t tclass;             /* 0 not a type, 1 int, 2 float, 3 other type */
    uint8_t is_signed, ext, defined;
    size_t name_off, name_len;  /* spelling at first appearance */
    int line, col;              /* first appearance */
} alpha__spv_asm_id;

typedef struct alpha__spv_asm {
    const char *s;
    size_t len, pos;
    int line, col;
    alpha_allocator a;
    alpha__spv_buf out, inst;
    alpha__spv_asm_id *ids;
    size_t ids_cap;
    uint32_t next_id;
    uint32_t *hash;
    size_t hash_cap, hash_n;
    alpha_spirv_asm_error *err;
    int oom, raw, allow_undef;
    uint16_t stack[256];
    int sp;
    uint32_t result_id, type_id, ext_set;
    const alpha__spv_opdef *op;
    char msg[200];
} alpha__spv_asm;

#define ALPHA__SPV_OPT 0x100
#define ALPHA__SPV_VAR 0x200

static int alpha__asm_fail(alpha__spv_asm *A, int line, int col, const char *fmt, ...) {
    char buf[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (A->err) {
        A->err->line = line;
        A->err->col = col;
        snprintf(A->err->message, sizeof A->err->message, "%d:%d: %s", line, col, buf);
    }
    return 1;
}
static int alpha__asm_oom(alpha__spv_asm *A) {
    A->oom = 1;
    return alpha__asm_fail(A, A->line, A->col, "out of memory");
}

/* position after whitespace and comments, starting at p */
static size_t alpha__asm_skip(const alpha__spv_asm *A, size_t p) {
    while (p < A->len) {
        char c = A->s[p];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') p++;
        else if (c == ';') { while (p < A->len && A->s[p] != '\n') p++; }
        else break;
    }
    return p;
}
/* end of the word starting at p: whitespace or ';' end it, except inside quotes or after '\' */
static size_t alpha__asm_word_end(const alpha__spv_asm *A, size_t p) {
    int quoting = 0, escaping = 0;
    for (; p < A->len; p++) {
        char c = A->s[p];
        if (c == '\\') { escaping = !escaping; continue; }
        if (c == '"') { if (!escaping) quoting = !quoting; }
        else if ((c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';') && !escaping && !quoting) break;
        escaping = 0;
    }
    return p;
}
static void alpha__asm_move(alpha__spv_asm *A, size_t to) {
    for (; A->pos < to; A->pos++) {
        if (A->s[A->pos] == '\n') { A->line++; A->col = 1; }
        else A->col++;
    }
}
static int alpha__asm_advance(alpha__spv_asm *A) { /* 1 at end of input */
    alpha__asm_move(A, alpha__asm_skip(A, A->pos));
    return A->pos >= A->len;
}
static int alpha__asm_starts_op(const alpha__spv_asm *A, size_t p) {
    return p + 3 <= A->len && A->s[p] == 'O' && A->s[p + 1] == 'p' && A->s[p + 2] >= 'A' && A->s[p + 2] <= 'Z';
}
static int alpha__asm_new_inst(const alpha__spv_asm *A) {
    size_t p = A->pos, e;
    if (alpha__asm_starts_op(A, p)) return 1;
    if (p >= A->len || A->s[p] != '%') return 0;
    e = alpha__asm_word_end(A, p);
    p = alpha__asm_skip(A, e);
    if (p >= A->len) return 0;
    e = alpha__asm_word_end(A, p);
    if (e != p + 1 || A->s[p] != '=') return 0;
    p = alpha__asm_skip(A, e);
    return alpha__asm_starts_op(A, p);
}

static int alpha__asm_put(alpha__spv_asm *A, uint32_t w) { return alpha__spv_put(&A->a, &A->inst, w) ? 0 : alpha__asm_oom(A); }

static int alpha__asm_push(alpha__spv_asm *A, uint16_t e) {
    if (A->sp >= (int)(sizeof A->stack / sizeof A->stack[0]))
        return alpha__asm_fail(A, A->line, A->col, "operand list of Op%s too long", A->op ? A->op->name : "?");
    A->stack[A->sp++] = e;
    return 0;
}
/* pushes a pattern so that its first operand is taken first */
static int alpha__asm_push_pat(alpha__spv_asm *A, const char *pat) {
    uint16_t tmp[64];
    int n = 0;
    for (; *pat && n < 64; pat++) {
        if (*pat == '?') tmp[n - 1] |= ALPHA__SPV_OPT;
        else if (*pat == '*') tmp[n - 1] |= ALPHA__SPV_VAR;
        else tmp[n++] = (uint16_t)(unsigned char)*pat;
    }
    while (n > 0)
        if (alpha__asm_push(A, tmp[--n])) return 1;
    return 0;
}

static uint32_t alpha__asm_hash(const char *s, size_t n) {
    uint32_t h = 2166136261u;
    size_t i;
    for (i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}
/* id for a name (without %), created at first appearance */
static uint32_t alpha__asm_id(alpha__spv_asm *A, const char *name, size_t n, int line, int col) {
    size_t mask, i;
    uint32_t id;
    if (A->hash_n * 2 >= A->hash_cap) { /* rehash */
        size_t nc = A->hash_cap ? A->hash_cap * 2 : 256, k;
        uint32_t *nh = (uint32_t *)alpha__spv_alloc(&A->a, nc * sizeof(uint32_t));
        if (!nh) { alpha__asm_oom(A); return 0; }
        memset(nh, 0, nc * sizeof(uint32_t));
        for (k = 0; k < A->hash_cap; k++) {
            uint32_t v = A->hash[k];
            if (v) {
                size_t j = alpha__asm_hash(A->s + A->ids[v].name_off, A->ids[v].name_len) & (nc - 1);
                while (nh[j]) j = (j + 1) & (nc - 1);
                nh[j] = v;
            }
        }
        alpha__spv_free(&A->a, A->hash);
        A->hash = nh;
        A->hash_cap = nc;
    }
    mask = A->hash_cap - 1;
    for (i = alpha__asm_hash(name, n) & mask; A->hash[i]; i = (i + 1) & mask) {
        const alpha__spv_asm_id *d = &A->ids[A->hash[i]];
        if (d->name_len == n && memcmp(A->s + d->name_off, name, n) == 0) return A->hash[i];
    }
    id = A->next_id;
    if (id == 0xffffffffu) { alpha__asm_fail(A, line, col, "too many ids"); return 0; }
    if (!alpha__spv_grow(&A->a, (void **)&A->ids, &A->ids_cap, (size_t)id + 1, sizeof(alpha__spv_asm_id))) { alpha__asm_oom(A); return 0; }
    memset(&A->ids[id], 0, sizeof A->ids[id]);
    A->ids[id].name_off = (size_t)(name - A->s);
    A->ids[id].name_len = n;
    A->ids[id].line = line;
    A->ids[id].col = col;
    A->next_id++;
    A->hash[i] = id;
    A->hash_n++;
    return id;
}
static int alpha__asm_valid_id(const char *t, size_t n) {
    size_t i;
    if (n < 2 || t[0] != '%') return 0;
    for (i = 1; i < n; i++)
        if (!(isalnum((unsigned char)t[i]) || t[i] == '_')) return 0;
    return 1;
}
static int alpha__asm_id_operand(alpha__spv_asm *A, const char *t, size_t n, int line, int col, uint32_t *out) {
    uint32_t id;
    if (n == 0 || t[0] != '%') return alpha__asm_fail(A, line, col, "expected an id (%%name), found '%.*s'", (int)(n > 60 ? 60 : n), t);
    if (!alpha__asm_valid_id(t, n)) return alpha__asm_fail(A, line, col, "invalid id '%.*s' (ids are %% and letters, digits, _)", (int)(n > 60 ? 60 : n), t);
    id = alpha__asm_id(A, t + 1, n - 1, line, col);
    if (!id) return 1;
    if (A->raw) A->ids[id].defined = 1;
    *out = id;
    return alpha__asm_put(A, id);
}
static int alpha__asm_string(alpha__spv_asm *A, const char *t, size_t n, int line, int col, int *nomatch) {
    size_t i, start;
    int esc = 0;
    uint32_t w = 0;
    size_t k = 0;
    if (n < 2 || t[0] != '"' || t[n - 1] != '"') {
        if (nomatch) { *nomatch = 1; return 1; }
        return alpha__asm_fail(A, line, col, "expected a quoted string, found '%.*s'", (int)(n > 60 ? 60 : n), t);
    }
    start = A->inst.n;
    for (i = 1; i + 1 < n; i++) {
        if (t[i] == '\\' && !esc) { esc = 1; continue; }
        esc = 0;
        w |= (uint32_t)(unsigned char)t[i] << (8 * (k % 4));
        if (++k % 4 == 0) { if (alpha__asm_put(A, w)) return 1; w = 0; }
    }
    if (alpha__asm_put(A, w)) return 1; /* NUL and padding */
    (void)start;
    return 0;
}
static int alpha__asm_words(alpha__spv_asm *A, const uint32_t *w, int n) {
    int i;
    for (i = 0; i < n; i++)
        if (alpha__asm_put(A, w[i])) return 1;
    return 0;
}
/* number typed by an id type (int or float scalar) */
static int alpha__asm_typed_number(alpha__spv_asm *A, uint32_t type, const char *t, size_t n, int line, int col, const char *what) {
    uint32_t w[2];
    int nw;
    const alpha__spv_asm_id *d = type < A->next_id ? &A->ids[type] : NULL;
    if (!d || (d->tclass != 1 && d->tclass != 2))
        return alpha__asm_fail(A, line, col, "%s must have a scalar integer or floating-point type", what);
    if (d->tclass == 1 ? alpha__spv_encode_int(t, n, d->width, d->is_signed, w, &nw, A->msg, sizeof A->msg)
                       : alpha__spv_encode_float(t, n, d->width, w, &nw, A->msg, sizeof A->msg))
        return alpha__asm_fail(A, line, col, "%s", A->msg);
    return alpha__asm_words(A, w, nw);
}
/* context-independent value after a !<integer>: number, string or id */
static int alpha__asm_civ(alpha__spv_asm *A, const char *t, size_t n, int line, int col) {
    uint32_t w[2], id;
    int nw, nomatch = 0;
    int has_dot = memchr(t, '.', n) != NULL;
    if (has_dot ? !alpha__spv_encode_float(t, n, 32, w, &nw, A->msg, sizeof A->msg)
                : !alpha__spv_encode_int(t, n, 32, n > 0 && t[0] == '-', w, &nw, A->msg, sizeof A->msg))
        return alpha__asm_words(A, w, nw);
    if (n > 0 && t[0] == '"') {
        if (!alpha__asm_string(A, t, n, line, col, &nomatch)) return 0;
        if (!nomatch) return 1;
    }
    if (alpha__asm_valid_id(t, n)) return alpha__asm_id_operand(A, t, n, line, col, &id);
    return alpha__asm_fail(A, line, col, "invalid operand '%.*s' after a !<integer> word", (int)(n > 60 ? 60 : n), t);
}
static int alpha__asm_immediate(alpha__spv_asm *A, const char *t, size_t n, int line, int col, uint32_t *out) {
    int neg, hex;
    uint64_t v;
    if (alpha__spv_parse_u64(t + 1, n - 1, &neg, &hex, &v) || neg || v > 0xffffffffu)
        return alpha__asm_fail(A, line, col, "invalid immediate '%.*s' (want !<32-bit unsigned integer>)", (int)(n > 60 ? 60 : n), t);
    *out = (uint32_t)v;
    return 0;
}

static int alpha__asm_operand(alpha__spv_asm *A, char kind, const char *t, size_t n, int line, int col) {
    uint32_t w[2], id;
    int nw;
    if (n > 0 && t[0] == '!') { /* raw word anywhere: the rest are context-independent values */
        int i, has_r = 0;
        if (alpha__asm_immediate(A, t, n, line, col, w) || alpha__asm_put(A, w[0])) return 1;
        for (i = 0; i < A->sp; i++) has_r |= (A->stack[i] & 0xff) == 'R';
        A->sp = 0;
        A->stack[A->sp++] = 'v' | ALPHA__SPV_OPT | ALPHA__SPV_VAR;
        if (has_r) A->stack[A->sp++] = 'R';
        return 0;
    }
    switch (kind) {
    case 'T': case 'i':
        if (alpha__asm_id_operand(A, t, n, line, col, &id)) return 1;
        if (kind == 'T') A->type_id = id;
        if (A->op->op == ALPHA_SPIRV_OpExtInst && A->inst.n == 4) {
            A->ext_set = A->ids[id].ext;
            if (!A->ext_set) return alpha__asm_fail(A, line, col, "%.*s is not the result of an OpExtInstImport", (int)(n > 60 ? 60 : n), t);
        }
        return 0;
    case 'n':
        if (alpha__spv_encode_int(t, n, 32, 0, w, &nw, A->msg, sizeof A->msg)) return alpha__asm_fail(A, line, col, "%s", A->msg);
        return alpha__asm_words(A, w, nw);
    case 's':
        if (A->op->op == ALPHA_SPIRV_OpExtInstImport) {
            if (n == 14 && memcmp(t, "\"GLSL.std.450\"", 14) == 0) A->ids[A->result_id].ext = 1;
            else if (n > 13 && memcmp(t, "\"NonSemantic.", 13) == 0) A->ids[A->result_id].ext = 2;
            else return alpha__asm_fail(A, line, col, "unsupported extended instruction set %.*s (known: \"GLSL.std.450\", \"NonSemantic.*\")", (int)(n > 60 ? 60 : n), t);
        }
        return alpha__asm_string(A, t, n, line, col, NULL);
    case 'c':
        return alpha__asm_typed_number(A, A->type_id, t, n, line, col, "the literal of this constant");
    case 'P': {
        uint32_t sel = A->inst.n > 1 ? A->inst.w[1] : 0;
        uint32_t st = sel && sel < A->next_id ? A->ids[sel].value_type : 0;
        if (!st || A->ids[st].tclass != 1) return alpha__asm_fail(A, line, col, "the OpSwitch selector must be an integer scalar value");
        if (alpha__asm_typed_number(A, st, t, n, line, col, "an OpSwitch literal")) return 1;
        return alpha__asm_push(A, 'i');
    }
    case 'Q':
        if (alpha__asm_id_operand(A, t, n, line, col, &id)) return 1;
        return alpha__asm_push(A, 'n');
    case 'r': /* spirv-as reads OpPhi's pairs as a plain list of ids */
        if (alpha__asm_id_operand(A, t, n, line, col, &id)) return 1;
        return alpha__asm_push(A, 'i' | ALPHA__SPV_OPT);
    case 'v':
        return alpha__asm_civ(A, t, n, line, col);
    case 'x': {
        int i;
        if (A->ext_set == 1) {
            for (i = 0; i < ALPHA__SPV_COUNT(alpha__spv_glsl); i++)
                if (strlen(alpha__spv_glsl[i].name) == n && memcmp(alpha__spv_glsl[i].name, t, n) == 0) {
                    int k;
                    if (alpha__asm_put(A, alpha__spv_glsl[i].inst)) return 1;
                    for (k = 0; k < alpha__spv_glsl[i].nargs; k++)
                        if (alpha__asm_push(A, 'i')) return 1;
                    return 0;
                }
            return alpha__asm_fail(A, line, col, "unknown GLSL.std.450 instruction '%.*s'", (int)(n > 60 ? 60 : n), t);
        }
        {
            uint64_t v;
            int neg, hex;
            if (alpha__spv_parse_u64(t, n, &neg, &hex, &v) || neg || v > 0xffffffffu)
                return alpha__asm_fail(A, line, col, "expected an instruction number for a non-semantic set, found '%.*s'", (int)(n > 60 ? 60 : n), t);
            if (alpha__asm_put(A, (uint32_t)v)) return 1;
        }
        return alpha__asm_push(A, 'i' | ALPHA__SPV_VAR);
    }
    case 'o': {
        static const char *const allowed[] = {
            "SConvert", "FConvert", "UConvert", "SNegate", "Not", "IAdd", "ISub", "IMul", "UDiv", "SDiv", "UMod", "SRem", "SMod",
            "ShiftRightLogical", "ShiftRightArithmetic", "ShiftLeftLogical", "BitwiseOr", "BitwiseAnd", "BitwiseXor",
            "LogicalOr", "LogicalAnd", "LogicalNot", "LogicalEqual", "LogicalNotEqual", "Select", "IEqual", "INotEqual",
            "ULessThan", "SLessThan", "UGreaterThan", "SGreaterThan", "ULessThanEqual", "SLessThanEqual",
            "UGreaterThanEqual", "SGreaterThanEqual", "QuantizeToF16", "ConvertFToS", "ConvertSToF", "ConvertFToU",
            "ConvertUToF", "ConvertPtrToU", "ConvertUToPtr", "GenericCastToPtr", "PtrCastToGeneric", "Bitcast", "FNegate",
            "FAdd", "FSub", "FMul", "FDiv", "FRem", "FMod", "VectorShuffle", "CompositeExtract", "CompositeInsert",
            "AccessChain", "InBoundsAccessChain", "PtrAccessChain", "InBoundsPtrAccessChain", "CooperativeMatrixLengthNV",
            "CooperativeMatrixLengthKHR"};
        int i;
        for (i = 0; i < ALPHA__SPV_COUNT(allowed); i++)
            if (strlen(allowed[i]) == n && memcmp(allowed[i], t, n) == 0) {
                const alpha__spv_opdef *d = alpha__spv_op_by_name(t, n);
                if (!d) break;
                if (alpha__asm_put(A, d->op)) return 1;
                return alpha__asm_push_pat(A, d->pat + 2);
            }
        return alpha__asm_fail(A, line, col, "invalid OpSpecConstantOp opcode '%.*s'", (int)(n > 60 ? 60 : n), t);
    }
    default: {
        const alpha__spv_kinddef *k = alpha__spv_kind(kind);
        const alpha__spv_enumdef *e;
        if (!k) return alpha__asm_fail(A, line, col, "internal: unknown operand kind '%c'", kind);
        if (!k->mask) {
            e = alpha__spv_enum_by_name(k, t, n);
            if (!e) return alpha__asm_fail(A, line, col, "invalid %s '%.*s'", k->what, (int)(n > 60 ? 60 : n), t);
            if (alpha__asm_put(A, e->value)) return 1;
            return alpha__asm_push_pat(A, e->params);
        } else {
            uint32_t v = 0, bit;
            size_t b = 0, i;
            char pat[128];
            size_t pn = 0;
            for (i = 0; i <= n; i++) {
                if (i == n || t[i] == '|') {
                    e = alpha__spv_enum_by_name(k, t + b, i - b);
                    if (!e) return alpha__asm_fail(A, line, col, "invalid %s operand '%.*s'", k->what, (int)(n > 60 ? 60 : n), t);
                    v |= e->value;
                    b = i + 1;
                }
            }
            if (alpha__asm_put(A, v)) return 1;
            for (bit = 1; bit; bit <<= 1) {
                if (!(v & bit)) continue;
                e = alpha__spv_enum_by_value(k, bit);
                if (e) {
                    size_t l = strlen(e->params);
                    if (pn + l >= sizeof pat) return alpha__asm_fail(A, line, col, "mask operand too long");
                    memcpy(pat + pn, e->params, l);
                    pn += l;
                }
            }
            pat[pn] = 0;
            return alpha__asm_push_pat(A, pat);
        }
    }
    }
}

static int alpha__asm_define(alpha__spv_asm *A, uint32_t id, int line, int col) {
    if (A->ids[id].defined && !A->raw)
        return alpha__asm_fail(A, line, col, "id %%%.*s is defined twice", (int)(A->ids[id].name_len > 60 ? 60 : A->ids[id].name_len),
                               A->s + A->ids[id].name_off);
    A->ids[id].defined = 1;
    return 0;
}

static int alpha__asm_inst(alpha__spv_asm *A) {
    size_t e;
    const char *t;
    size_t n;
    int line = A->line, col = A->col, rline = 0, rcol = 0;
    const char *rname = NULL;
    size_t rlen = 0;
    A->inst.n = 0;
    A->sp = 0;
    A->result_id = A->type_id = A->ext_set = 0;
    A->raw = 0;
    A->op = NULL;
    if (A->s[A->pos] == '!') { /* a whole instruction of raw words and values */
        uint32_t w;
        A->raw = 1;
        e = alpha__asm_word_end(A, A->pos);
        if (alpha__asm_immediate(A, A->s + A->pos, e - A->pos, line, col, &w) || alpha__asm_put(A, w)) return 1;
        alpha__asm_move(A, e);
        for (;;) {
            if (alpha__asm_advance(A) || alpha__asm_new_inst(A)) break;
            e = alpha__asm_word_end(A, A->pos);
            t = A->s + A->pos;
            n = e - A->pos;
            if (n == 1 && t[0] == '=') return alpha__asm_fail(A, A->line, A->col, "a !<integer> instruction cannot have a result: '=' not allowed");
            if (n > 0 && t[0] == '!') {
                if (alpha__asm_immediate(A, t, n, A->line, A->col, &w) || alpha__asm_put(A, w)) return 1;
            } else if (alpha__asm_civ(A, t, n, A->line, A->col)) return 1;
            alpha__asm_move(A, e);
        }
        if (!alpha__spv_putn(&A->a, &A->out, A->inst.w, A->inst.n)) return alpha__asm_oom(A);
        return 0;
    }
    if (alpha__asm_put(A, 0)) return 1; /* word count and opcode, filled in below */
    e = alpha__asm_word_end(A, A->pos);
    t = A->s + A->pos;
    n = e - A->pos;
    if (t[0] == '%') {
        if (!alpha__asm_valid_id(t, n)) return alpha__asm_fail(A, line, col, "invalid id '%.*s' (ids are %% and letters, digits, _)", (int)(n > 60 ? 60 : n), t);
        A->result_id = 1; /* the id is assigned when its operand comes (after the type), as spirv-as does */
        rname = t + 1; rlen = n - 1;
        rline = line; rcol = col;
        alpha__asm_move(A, e);
        if (alpha__asm_advance(A)) return alpha__asm_fail(A, A->line, A->col, "expected '=' after %.*s, found the end of the input", (int)(n > 60 ? 60 : n), t);
        e = alpha__asm_word_end(A, A->pos);
        if (e != A->pos + 1 || A->s[A->pos] != '=')
            return alpha__asm_fail(A, A->line, A->col, "expected '=' after %.*s", (int)(n > 60 ? 60 : n), t);
        alpha__asm_move(A, e);
        if (alpha__asm_advance(A)) return alpha__asm_fail(A, A->line, A->col, "expected an opcode after '=', found the end of the input");
        line = A->line; col = A->col;
        e = alpha__asm_word_end(A, A->pos);
        t = A->s + A->pos;
        n = e - A->pos;
    }
    if (n < 2 || t[0] != 'O' || t[1] != 'p')
        return alpha__asm_fail(A, line, col, "expected an opcode (OpXxx)%s, found '%.*s'", A->result_id ? "" : " or '%id ='", (int)(n > 60 ? 60 : n), t);
    A->op = alpha__spv_op_by_name(t + 2, n - 2);
    if (!A->op) return alpha__asm_fail(A, line, col, "unknown opcode '%.*s'", (int)(n > 60 ? 60 : n), t);
    {
        int has_r = strchr(A->op->pat, 'R') != NULL;
        if (A->result_id && !has_r) return alpha__asm_fail(A, rline, rcol, "Op%s has no result id: remove '%%... ='", A->op->name);
        if (!A->result_id && has_r) return alpha__asm_fail(A, line, col, "Op%s needs a result id: write '%%name = Op%s ...'", A->op->name, A->op->name);
    }
    alpha__asm_move(A, e);
    if (alpha__asm_push_pat(A, A->op->pat)) return 1;
    while (A->sp > 0) {
        uint16_t en = A->stack[--A->sp];
        char kind = (char)(en & 0xff);
        int opt = (en & ALPHA__SPV_OPT) != 0;
        if (en & ALPHA__SPV_VAR) {
            if (alpha__asm_push(A, en) || alpha__asm_push(A, (uint16_t)((en & 0xff) | ALPHA__SPV_OPT))) return 1;
            continue;
        }
        if (kind == 'R') {
            A->result_id = alpha__asm_id(A, rname, rlen, rline, rcol);
            if (!A->result_id) return 1;
            if (alpha__asm_define(A, A->result_id, rline, rcol) || alpha__asm_put(A, A->result_id)) return 1;
            continue;
        }
        if (alpha__asm_advance(A)) {
            if (opt) break;
            return alpha__asm_fail(A, A->line, A->col, "Op%s: missing operand, found the end of the input", A->op->name);
        }
        if (alpha__asm_new_inst(A)) {
            if (opt) break;
            return alpha__asm_fail(A, A->line, A->col, "Op%s: missing operand, found the next instruction", A->op->name);
        }
        e = alpha__asm_word_end(A, A->pos);
        if (alpha__asm_operand(A, kind, A->s + A->pos, e - A->pos, A->line, A->col)) return 1;
        alpha__asm_move(A, e);
    }
    if (A->inst.n > 0xffff) return alpha__asm_fail(A, line, col, "Op%s has %u words, more than 65535", A->op->name, (unsigned)A->inst.n);
    A->inst.w[0] = (uint32_t)A->inst.n << 16 | A->op->op;
    if (strncmp(A->op->name, "Type", 4) == 0 && A->inst.n >= 2) {
        alpha__spv_asm_id *d = &A->ids[A->inst.w[1]];
        if (A->op->op == ALPHA_SPIRV_OpTypeInt && A->inst.n == 4) { d->tclass = 1; d->width = A->inst.w[2]; d->is_signed = A->inst.w[3] != 0; }
        else if (A->op->op == ALPHA_SPIRV_OpTypeFloat && A->inst.n == 3) { d->tclass = 2; d->width = A->inst.w[2]; }
        else d->tclass = 3;
    } else if (A->op->pat[0] == 'T' && A->inst.n >= 3) {
        A->ids[A->inst.w[2]].value_type = A->inst.w[1];
    }
    if (!alpha__spv_putn(&A->a, &A->out, A->inst.w, A->inst.n)) return alpha__asm_oom(A);
    return 0;
}

ALPHA_API void alpha_spirv_words_free(const alpha_spirv_asm_desc *desc, uint32_t *words) {
    alpha_allocator a;
    memset(&a, 0, sizeof a);
    if (desc) a = desc->allocator;
    alpha__spv_free(&a, words);
}

ALPHA_API alpha_result alpha_spirv_assemble(const char *text, size_t len, const alpha_spirv_asm_desc *desc,
                                            uint32_t **words, size_t *n_words, alpha_spirv_asm_error *err) {
    alpha__spv_asm A;
    alpha_result r = ALPHA_OK;
    size_t i;
    if (err) { err->line = err->col = 0; err->message[0] = 0; }
    if (!words || !n_words || (!text && len)) {
        if (err) snprintf(err->message, sizeof err->message, "alpha_spirv_assemble: words, n_words and text must not be NULL");
        return ALPHA_ERR_INVALID;
    }
    *words = NULL;
    *n_words = 0;
    memset(&A, 0, sizeof A);
    if (desc) A.a = desc->allocator;
    A.s = text ? text : "";
    A.len = len;
    for (i = 0; i < len; i++) /* a NUL ends the text, as in spirv-as */
        if (text[i] == 0) { A.len = i; break; }
    A.line = A.col = 1;
    A.err = err;
    A.next_id = 1;
    A.allow_undef = desc ? desc->allow_undefined_ids : 0;
    if (!alpha__spv_grow(&A.a, (void **)&A.ids, &A.ids_cap, 64, sizeof(alpha__spv_asm_id))) { alpha__asm_oom(&A); r = ALPHA_ERR_OOM; goto done; }
    while (!alpha__asm_advance(&A)) {
        if (alpha__asm_inst(&A)) { r = A.oom ? ALPHA_ERR_OOM : ALPHA_ERR_FORMAT; goto done; }
    }
    if (!A.allow_undef) {
        uint32_t id;
        for (id = 1; id < A.next_id; id++)
            if (!A.ids[id].defined) {
                const alpha__spv_asm_id *d = &A.ids[id];
                alpha__asm_fail(&A, d->line, d->col, "id %%%.*s is used but never defined", (int)(d->name_len > 60 ? 60 : d->name_len), A.s + d->name_off);
                r = ALPHA_ERR_FORMAT;
                goto done;
            }
    }
    {
        uint32_t *w = (uint32_t *)alpha__spv_alloc(&A.a, (A.out.n + 5) * 4);
        if (!w) { alpha__asm_oom(&A); r = ALPHA_ERR_OOM; goto done; }
        w[0] = 0x07230203u;
        w[1] = desc && desc->version ? desc->version : 0x00010600u;
        w[2] = desc && desc->generator ? desc->generator : ALPHA_SPIRV_GENERATOR;
        w[3] = A.next_id;
        w[4] = 0;
        if (A.out.n) memcpy(w + 5, A.out.w, A.out.n * 4);
        *words = w;
        *n_words = A.out.n + 5;
    }
done:
    alpha__spv_free(&A.a, A.out.w);
    alpha__spv_free(&A.a, A.inst.w);
    alpha__spv_free(&A.a, A.ids);
    alpha__spv_free(&A.a, A.hash);
    return r;
}

/* ======================================================================================= */
/* ---- module builder ---- */

enum {
    ALPHA__SEC_CAP, ALPHA__SEC_EXT, ALPHA__SEC_IMPORT, ALPHA__SEC_MODEL, ALPHA__SEC_ENTRY, ALPHA__SEC_MODE,
    ALPHA__SEC_DEBUG_A, ALPHA__SEC_DEBUG_B, ALPHA__SEC_DEBUG_C, ALPHA__SEC_ANNOT, ALPHA__SEC_GLOBAL, ALPHA__SEC_FUNC,
    ALPHA__SEC_N
};

typedef struct alpha__spv_idinfo {
    uint32_t type;  /* result type of a value; for a function: its return type */
    uint32_t def;   /* types and constants: 1 + offset of the record in m->defs */
    uint32_t op;    /* defining opcode */
} alpha__spv_idinfo;

enum { ALPHA__CTL_IF = 1, ALPHA__CTL_LOOP = 2 };
typedef struct alpha__spv_ctl {
    int kind, state, is_for;
    uint32_t merge, else_label;
    size_t patch;          /* fn_body index of the false target of the if's OpBranchConditional */
    alpha_spirv_loop lp;
    uint32_t var, next, step, type;
} alpha__spv_ctl;

struct alpha_spirv_module {
    alpha_allocator a;
    alpha_logger log;
    uint32_t version, generator, flags;
    uint32_t next_id;
    alpha__spv_buf sec[ALPHA__SEC_N];
    alpha__spv_idinfo *ids;
    size_t ids_cap;
    alpha__spv_buf defs;      /* type/constant records: op, tag, id, n, operands... */
    alpha__spv_buf caps;      /* declared capabilities */
    alpha__spv_buf globals;   /* (variable, storage class) pairs */
    alpha__spv_buf entries;   /* (model, function, name offset in strs, name length) */
    alpha__spv_buf builtins;  /* (builtin, variable) pairs */
    alpha__spv_buf strs;      /* entry point names, packed */
    uint32_t addressing, model, model_set, glsl, uses_psb;
    /* the function being built */
    int in_fn;
    uint32_t cur_fn, cur_block;
    alpha__spv_buf fn_body, fn_vars;
    size_t fn_vars_at;
    alpha__spv_ctl ctl[64];
    int n_ctl;
    /* state */
    alpha_result err;
    char errmsg[512];
    alpha__spv_buf out;
};

static void alpha__spv_log(alpha_spirv_module *m, alpha_log_level lv, const char *msg) {
    if (m->log.func) m->log.func(m->log.user_data, lv, msg);
    else if (lv >= ALPHA_LOG_WARN) fprintf(stderr, "alpha_spirv: %s\n", msg);
}
/* records the first error (sticky) and logs it; returns 0 for "no id" */
static uint32_t alpha__spv_fail(alpha_spirv_module *m, alpha_result r, const char *fmt, ...) {
    va_list ap;
    if (m->err != ALPHA_OK) return 0;
    va_start(ap, fmt);
    vsnprintf(m->errmsg, sizeof m->errmsg, fmt, ap);
    va_end(ap);
    m->err = r;
    alpha__spv_log(m, ALPHA_LOG_ERROR, m->errmsg);
    return 0;
}
static uint32_t alpha__spv_oom(alpha_spirv_module *m) { return alpha__spv_fail(m, ALPHA_ERR_OOM, "alpha_spirv: out of memory"); }

static uint32_t alpha__spv_new_id(alpha_spirv_module *m) {
    uint32_t id;
    if (m->err) return 0;
    if (m->next_id >= 0x3fffffffu) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv: too many ids");
    if (!alpha__spv_grow(&m->a, (void **)&m->ids, &m->ids_cap, (size_t)m->next_id + 1, sizeof(alpha__spv_idinfo))) return alpha__spv_oom(m);
    id = m->next_id++;
    memset(&m->ids[id], 0, sizeof m->ids[id]);
    return id;
}
static int alpha__spv_valid(const alpha_spirv_module *m, uint32_t id) { return id > 0 && id < m->next_id; }
static const uint32_t *alpha__spv_rec(const alpha_spirv_module *m, uint32_t id) { /* op, tag, id, n, operands */
    if (!alpha__spv_valid(m, id) || !m->ids[id].def) return NULL;
    return m->defs.w + (m->ids[id].def - 1);
}
static uint32_t alpha__spv_top(const alpha_spirv_module *m, uint32_t type) { /* opcode that made a type */
    const uint32_t *r = alpha__spv_rec(m, type);
    return r ? r[0] : 0;
}
static uint32_t alpha__spv_arg(const alpha_spirv_module *m, uint32_t type, uint32_t i) { /* operand i of a type record */
    const uint32_t *r = alpha__spv_rec(m, type);
    return r && i < r[3] ? r[4 + i] : 0;
}
static uint32_t alpha__spv_type(const alpha_spirv_module *m, uint32_t v) { return alpha__spv_valid(m, v) ? m->ids[v].type : 0; }
static int alpha__spv_is_bf16(const alpha_spirv_module *m, uint32_t t) {   /* OpTypeFloat 16 with the BFloat16KHR encoding */
    const uint32_t *r = alpha__spv_rec(m, t);
    return r && r[0] == ALPHA_SPIRV_OpTypeFloat && r[3] == 2 && r[4] == 16 && r[5] == ALPHA_SPIRV_FPEncodingBFloat16KHR;
}

/* human-readable type for messages */
static void alpha__spv_tname(const alpha_spirv_module *m, uint32_t t, char *buf, size_t n) {
    uint32_t op = alpha__spv_top(m, t);
    char inner[64];
    switch (op) {
    case ALPHA_SPIRV_OpTypeVoid: snprintf(buf, n, "void"); break;
    case ALPHA_SPIRV_OpTypeBool: snprintf(buf, n, "bool"); break;
    case ALPHA_SPIRV_OpTypeInt: snprintf(buf, n, "%sint%u", alpha__spv_arg(m, t, 1) ? "" : "u", (unsigned)alpha__spv_arg(m, t, 0)); break;
    case ALPHA_SPIRV_OpTypeFloat: snprintf(buf, n, alpha__spv_is_bf16(m, t) ? "bfloat16" : "float%u", (unsigned)alpha__spv_arg(m, t, 0)); break;
    case ALPHA_SPIRV_OpTypeVector:
        alpha__spv_tname(m, alpha__spv_arg(m, t, 0), inner, sizeof inner);
        snprintf(buf, n, "vec%u<%s>", (unsigned)alpha__spv_arg(m, t, 1), inner);
        break;
    case ALPHA_SPIRV_OpTypePointer:
        alpha__spv_tname(m, alpha__spv_arg(m, t, 1), inner, sizeof inner);
        snprintf(buf, n, "pointer(storage class %u) to %s", (unsigned)alpha__spv_arg(m, t, 0), inner);
        break;
    case ALPHA_SPIRV_OpTypeStruct: snprintf(buf, n, "struct %%%u", (unsigned)t); break;
    case ALPHA_SPIRV_OpTypeArray: case ALPHA_SPIRV_OpTypeRuntimeArray:
        alpha__spv_tname(m, alpha__spv_arg(m, t, 0), inner, sizeof inner);
        snprintf(buf, n, "%s[]", inner);
        break;
    case 0: snprintf(buf, n, t ? "no type (%%%u is not a type)" : "no type", (unsigned)t); break;
    default: snprintf(buf, n, "Op%s %%%u", alpha_spirv_opcode_name(op) ? alpha_spirv_opcode_name(op) : "?", (unsigned)t); break;
    }
}

static alpha__spv_buf *alpha__spv_section(alpha_spirv_module *m, uint32_t op, uint32_t storage) {
    switch (op) {
    case ALPHA_SPIRV_OpCapability: return &m->sec[ALPHA__SEC_CAP];
    case ALPHA_SPIRV_OpExtension: return &m->sec[ALPHA__SEC_EXT];
    case ALPHA_SPIRV_OpExtInstImport: return &m->sec[ALPHA__SEC_IMPORT];
    case ALPHA_SPIRV_OpMemoryModel: return &m->sec[ALPHA__SEC_MODEL];
    case ALPHA_SPIRV_OpEntryPoint: return &m->sec[ALPHA__SEC_ENTRY];
    case ALPHA_SPIRV_OpExecutionMode: case ALPHA_SPIRV_OpExecutionModeId: return &m->sec[ALPHA__SEC_MODE];
    case ALPHA_SPIRV_OpString: case ALPHA_SPIRV_OpSource: case ALPHA_SPIRV_OpSourceExtension: case ALPHA_SPIRV_OpSourceContinued:
        return &m->sec[ALPHA__SEC_DEBUG_A];
    case ALPHA_SPIRV_OpName: case ALPHA_SPIRV_OpMemberName: return &m->sec[ALPHA__SEC_DEBUG_B];
    case ALPHA_SPIRV_OpModuleProcessed: return &m->sec[ALPHA__SEC_DEBUG_C];
    case ALPHA_SPIRV_OpDecorate: case ALPHA_SPIRV_OpMemberDecorate: case ALPHA_SPIRV_OpDecorationGroup:
    case ALPHA_SPIRV_OpGroupDecorate: case ALPHA_SPIRV_OpGroupMemberDecorate: case ALPHA_SPIRV_OpDecorateId:
    case ALPHA_SPIRV_OpDecorateString: case ALPHA_SPIRV_OpMemberDecorateString:
        return &m->sec[ALPHA__SEC_ANNOT];
    case ALPHA_SPIRV_OpVariable: return storage == ALPHA_SPIRV_StorageClassFunction ? &m->fn_vars : &m->sec[ALPHA__SEC_GLOBAL];
    case ALPHA_SPIRV_OpUndef: return m->cur_block ? &m->fn_body : &m->sec[ALPHA__SEC_GLOBAL];
    default: break;
    }
    {
        const alpha__spv_opdef *d = alpha__spv_op_by_code(op);
        if (d && (strncmp(d->name, "Type", 4) == 0 || strncmp(d->name, "Constant", 8) == 0 || strncmp(d->name, "SpecConstant", 12) == 0))
            return &m->sec[ALPHA__SEC_GLOBAL];
    }
    return NULL; /* function body */
}

static int alpha__spv_is_terminator(uint32_t op) {
    return op == ALPHA_SPIRV_OpBranch || op == ALPHA_SPIRV_OpBranchConditional || op == ALPHA_SPIRV_OpSwitch ||
           op == ALPHA_SPIRV_OpReturn || op == ALPHA_SPIRV_OpReturnValue || op == ALPHA_SPIRV_OpKill ||
           op == ALPHA_SPIRV_OpUnreachable || op == ALPHA_SPIRV_OpTerminateInvocation;
}

/* The one emitter: opcode, result type (0 = none), result id (0 = allocate one if has_result),
   operand words. Routes to the right section; checks the block state for function code. */
static uint32_t alpha__spv_emit(alpha_spirv_module *m, const char *fn, uint32_t op, uint32_t type, int has_result, uint32_t rid,
                                size_t n, const uint32_t *ops) {
    alpha__spv_buf *b;
    size_t wc = 1 + (type ? 1 : 0) + (has_result ? 1 : 0) + n, i;
    if (m->err) return 0;
    if (wc > 0xffff) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "%s (Op%s): %u words, more than 65535", fn, alpha_spirv_opcode_name(op), (unsigned)wc);
    b = alpha__spv_section(m, op, op == ALPHA_SPIRV_OpVariable && n > 0 ? ops[0] : 0);
    if (b == &m->fn_vars && !m->in_fn)
        return alpha__spv_fail(m, ALPHA_ERR_STATE, "%s (OpVariable): a Function-storage variable needs an open function", fn);
    if (!b) {
        const char *nm = alpha_spirv_opcode_name(op);
        if (!m->in_fn)
            return alpha__spv_fail(m, ALPHA_ERR_STATE, "%s (Op%s): instruction outside a function (call alpha_spirv_function_begin first)", fn, nm ? nm : "?");
        if (!m->cur_block)
            return alpha__spv_fail(m, ALPHA_ERR_STATE, "%s (Op%s): instruction outside a block (the previous block was terminated; open one with alpha_spirv_label)", fn, nm ? nm : "?");
        b = &m->fn_body;
    }
    if (has_result && !rid) { rid = alpha__spv_new_id(m); if (!rid) return 0; }
    if (!alpha__spv_grow(&m->a, (void **)&b->w, &b->cap, b->n + wc, 4)) return alpha__spv_oom(m);
    b->w[b->n++] = (uint32_t)wc << 16 | op;
    if (type) b->w[b->n++] = type;
    if (has_result) b->w[b->n++] = rid;
    for (i = 0; i < n; i++) b->w[b->n++] = ops[i];
    if (has_result) { m->ids[rid].type = type; m->ids[rid].op = op; }
    if (b == &m->fn_body && alpha__spv_is_terminator(op)) m->cur_block = 0;
    return has_result ? rid : 1;
}

/* finds or adds a type or constant: record op, tag, operands (constants: result type first) */
static uint32_t alpha__spv_intern(alpha_spirv_module *m, const char *fn, uint32_t op, uint32_t tag, int has_type, size_t n, const uint32_t *ops) {
    size_t off = 0, i;
    uint32_t id, rec[4];
    if (m->err) return 0;
    while (off < m->defs.n) {
        const uint32_t *r = m->defs.w + off;
        if (r[0] == op && r[1] == tag && r[3] == n && (n == 0 || memcmp(r + 4, ops, n * 4) == 0)) return r[2];
        off += 4 + r[3];
    }
    id = alpha__spv_emit(m, fn, op, has_type ? ops[0] : 0, 1, 0, has_type ? n - 1 : n, has_type ? ops + 1 : ops);
    if (!id) return 0;
    rec[0] = op; rec[1] = tag; rec[2] = id; rec[3] = (uint32_t)n;
    off = m->defs.n;
    if (!alpha__spv_putn(&m->a, &m->defs, rec, 4) || !alpha__spv_putn(&m->a, &m->defs, ops, n)) return alpha__spv_oom(m);
    m->ids[id].def = (uint32_t)off + 1;
    for (i = 0; i < n; i++) (void)i;
    return id;
}

static int alpha__spv_has_cap(const alpha_spirv_module *m, uint32_t cap) {
    size_t i;
    for (i = 0; i < m->caps.n; i++)
        if (m->caps.w[i] == cap) return 1;
    return 0;
}
ALPHA_API void alpha_spirv_capability(alpha_spirv_module *m, uint32_t cap) {
    if (!m || m->err || alpha__spv_has_cap(m, cap)) return;
    if (!alpha__spv_put(&m->a, &m->caps, cap)) { alpha__spv_oom(m); return; }
    alpha__spv_emit(m, "alpha_spirv_capability", ALPHA_SPIRV_OpCapability, 0, 0, 0, 1, &cap);
}
static void alpha__spv_auto_cap(alpha_spirv_module *m, uint32_t cap) {
    if (!(m->flags & ALPHA_SPIRV_NO_AUTO_CAPS)) alpha_spirv_capability(m, cap);
}
/* finds an instruction in a section whose operands from word skip on equal w[0..n) */
static int alpha__spv_find_words(const alpha__spv_buf *b, size_t skip, const uint32_t *w, size_t n, size_t *at) {
    size_t off = 0;
    while (off < b->n) {
        size_t wc = b->w[off] >> 16;
        if (wc == 0) break;
        if (wc == 1 + skip + n && memcmp(b->w + off + 1 + skip, w, n * 4) == 0) { *at = off; return 1; }
        off += wc;
    }
    return 0;
}
ALPHA_API void alpha_spirv_extension(alpha_spirv_module *m, const char *name) {
    alpha__spv_buf tmp = {NULL, 0, 0};
    size_t at;
    if (!m || m->err) return;
    if (!name) { alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_extension: name is NULL"); return; }
    if (!alpha__spv_put_str(&m->a, &tmp, name, strlen(name))) { alpha__spv_oom(m); return; }
    if (!alpha__spv_find_words(&m->sec[ALPHA__SEC_EXT], 0, tmp.w, tmp.n, &at))
        alpha__spv_emit(m, "alpha_spirv_extension", ALPHA_SPIRV_OpExtension, 0, 0, 0, tmp.n, tmp.w);
    alpha__spv_free(&m->a, tmp.w);
}
static void alpha__spv_auto_ext(alpha_spirv_module *m, const char *name, uint32_t core_version) {
    if (!(m->flags & ALPHA_SPIRV_NO_AUTO_CAPS) && (core_version == 0 || m->version < core_version)) alpha_spirv_extension(m, name);
}
ALPHA_API uint32_t alpha_spirv_import(alpha_spirv_module *m, const char *set) {
    alpha__spv_buf tmp = {NULL, 0, 0};
    size_t at;
    uint32_t id;
    if (!m || m->err) return 0;
    if (!set) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_import: set name is NULL");
    if (!alpha__spv_put_str(&m->a, &tmp, set, strlen(set))) return alpha__spv_oom(m);
    if (alpha__spv_find_words(&m->sec[ALPHA__SEC_IMPORT], 1, tmp.w, tmp.n, &at)) id = m->sec[ALPHA__SEC_IMPORT].w[at + 1];
    else id = alpha__spv_emit(m, "alpha_spirv_import", ALPHA_SPIRV_OpExtInstImport, 0, 1, 0, tmp.n, tmp.w);
    alpha__spv_free(&m->a, tmp.w);
    return id;
}

ALPHA_API alpha_result alpha_spirv_module_create(alpha_spirv_module **out, const alpha_spirv_module_desc *desc) {
    alpha_spirv_module *m;
    alpha_allocator a;
    memset(&a, 0, sizeof a);
    if (desc) a = desc->allocator;
    if (!out) return ALPHA_ERR_INVALID;
    *out = NULL;
    m = (alpha_spirv_module *)alpha__spv_alloc(&a, sizeof *m);
    if (!m) return ALPHA_ERR_OOM;
    memset(m, 0, sizeof *m);
    m->a = a;
    if (desc) { m->log = desc->logger; m->flags = desc->flags; }
    m->version = desc && desc->version ? desc->version : 0x00010500u;
    m->generator = desc && desc->generator ? desc->generator : ALPHA_SPIRV_GENERATOR;
    m->next_id = 1;
    m->errmsg[0] = 0;
    if (m->version < 0x00010000u || m->version > 0x00010600u || (m->version & 0xff0000ffu)) {
        alpha__spv_log(m, ALPHA_LOG_ERROR, "alpha_spirv_module_create: version must be 0x00010000..0x00010600 (SPIR-V 1.0-1.6)");
        alpha__spv_free(&a, m);
        return ALPHA_ERR_INVALID;
    }
    alpha_spirv_capability(m, ALPHA_SPIRV_CapabilityShader);
    if (m->err) { alpha_spirv_module_destroy(m); return ALPHA_ERR_OOM; }
    *out = m;
    return ALPHA_OK;
}
ALPHA_API void alpha_spirv_module_destroy(alpha_spirv_module *m) {
    int i;
    alpha_allocator a;
    if (!m) return;
    a = m->a;
    for (i = 0; i < ALPHA__SEC_N; i++) alpha__spv_free(&a, m->sec[i].w);
    alpha__spv_free(&a, m->ids);
    alpha__spv_free(&a, m->defs.w);
    alpha__spv_free(&a, m->caps.w);
    alpha__spv_free(&a, m->globals.w);
    alpha__spv_free(&a, m->entries.w);
    alpha__spv_free(&a, m->builtins.w);
    alpha__spv_free(&a, m->strs.w);
    alpha__spv_free(&a, m->fn_body.w);
    alpha__spv_free(&a, m->fn_vars.w);
    alpha__spv_free(&a, m->out.w);
    alpha__spv_free(&a, m);
}
ALPHA_API const char *alpha_spirv_module_last_error(const alpha_spirv_module *m) { return m ? m->errmsg : "alpha_spirv: module is NULL"; }
ALPHA_API alpha_result alpha_spirv_module_result(const alpha_spirv_module *m) { return m ? m->err : ALPHA_ERR_INVALID; }
ALPHA_API uint32_t alpha_spirv_id(alpha_spirv_module *m) { return m ? alpha__spv_new_id(m) : 0; }
ALPHA_API uint32_t alpha_spirv_type_of(alpha_spirv_module *m, uint32_t v) { return m ? alpha__spv_type(m, v) : 0; }

ALPHA_API void alpha_spirv_memory_model(alpha_spirv_module *m, uint32_t addressing, uint32_t model) {
    if (!m || m->err) return;
    m->addressing = addressing;
    m->model = model;
    m->model_set = 1;
    if (model == ALPHA_SPIRV_MemoryModelVulkan) {
        alpha__spv_auto_cap(m, ALPHA_SPIRV_CapabilityVulkanMemoryModel);
        alpha__spv_auto_ext(m, "SPV_KHR_vulkan_memory_model", 0x00010500u);
    }
    if (addressing == ALPHA_SPIRV_AddressingModelPhysicalStorageBuffer64) {
        alpha__spv_auto_cap(m, ALPHA_SPIRV_CapabilityPhysicalStorageBufferAddresses);
        alpha__spv_auto_ext(m, "SPV_KHR_physical_storage_buffer", 0x00010500u);
    }
}

ALPHA_API void alpha_spirv_entry_point(alpha_spirv_module *m, uint32_t model, uint32_t function, const char *name) {
    uint32_t e[4];
    size_t len, off;
    if (!m || m->err) return;
    if (!name || !alpha__spv_valid(m, function) || m->ids[function].op != ALPHA_SPIRV_OpFunction) {
        alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_entry_point (OpEntryPoint): %%%u is not a function, or name is NULL", (unsigned)function);
        return;
    }
    len = strlen(name);
    off = m->strs.n;
    if (!alpha__spv_put_str(&m->a, &m->strs, name, len)) { alpha__spv_oom(m); return; }
    e[0] = model; e[1] = function; e[2] = (uint32_t)off; e[3] = (uint32_t)len;
    if (!alpha__spv_putn(&m->a, &m->entries, e, 4)) alpha__spv_oom(m);
}

static void alpha__spv_mode(alpha_spirv_module *m, const char *fn, uint32_t op, uint32_t function, uint32_t mode, int n, va_list ap) {
    uint32_t w[18];
    int i;
    if (!m || m->err) return;
    if (n < 0 || n > 16) { alpha__spv_fail(m, ALPHA_ERR_INVALID, "%s: %d operands (0..16 allowed)", fn, n); return; }
    w[0] = function; w[1] = mode;
    for (i = 0; i < n; i++) w[2 + i] = (uint32_t)va_arg(ap, unsigned);
    alpha__spv_emit(m, fn, op, 0, 0, 0, (size_t)n + 2, w);
}
ALPHA_API void alpha_spirv_execution_mode(alpha_spirv_module *m, uint32_t function, uint32_t mode, int n, ...) {
    va_list ap;
    va_start(ap, n);
    alpha__spv_mode(m, "alpha_spirv_execution_mode", ALPHA_SPIRV_OpExecutionMode, function, mode, n, ap);
    va_end(ap);
}
ALPHA_API void alpha_spirv_execution_mode_id(alpha_spirv_module *m, uint32_t function, uint32_t mode, int n, ...) {
    va_list ap;
    va_start(ap, n);
    alpha__spv_mode(m, "alpha_spirv_execution_mode_id", ALPHA_SPIRV_OpExecutionModeId, function, mode, n, ap);
    va_end(ap);
}
static void alpha__spv_named(alpha_spirv_module *m, const char *fn, uint32_t op, uint32_t id, int member, uint32_t idx, const char *name) {
    alpha__spv_buf tmp = {NULL, 0, 0};
    if (!m || m->err) return;
    if (!name || !alpha__spv_valid(m, id)) { alpha__spv_fail(m, ALPHA_ERR_INVALID, "%s: bad id %%%u or NULL name", fn, (unsigned)id); return; }
    if (!alpha__spv_put(&m->a, &tmp, id) || (member && !alpha__spv_put(&m->a, &tmp, idx)) || !alpha__spv_put_str(&m->a, &tmp, name, strlen(name))) {
        alpha__spv_oom(m);
    } else {
        alpha__spv_emit(m, fn, op, 0, 0, 0, tmp.n, tmp.w);
    }
    alpha__spv_free(&m->a, tmp.w);
}
ALPHA_API void alpha_spirv_name(alpha_spirv_module *m, uint32_t id, const char *name) {
    alpha__spv_named(m, "alpha_spirv_name", ALPHA_SPIRV_OpName, id, 0, 0, name);
}
ALPHA_API void alpha_spirv_member_name(alpha_spirv_module *m, uint32_t type, uint32_t member, const char *name) {
    alpha__spv_named(m, "alpha_spirv_member_name", ALPHA_SPIRV_OpMemberName, type, 1, member, name);
}
static void alpha__spv_decorate(alpha_spirv_module *m, const char *fn, int member, uint32_t target, uint32_t idx, uint32_t dec, int n, va_list ap) {
    uint32_t w[20];
    int i, k = 0;
    if (!m || m->err) return;
    if (!alpha__spv_valid(m, target)) { alpha__spv_fail(m, ALPHA_ERR_INVALID, "%s: bad target id %%%u", fn, (unsigned)target); return; }
    if (n < 0 || n > 16) { alpha__spv_fail(m, ALPHA_ERR_INVALID, "%s: %d operands (0..16 allowed)", fn, n); return; }
    w[k++] = target;
    if (member) w[k++] = idx;
    w[k++] = dec;
    for (i = 0; i < n; i++) w[k++] = (uint32_t)va_arg(ap, unsigned);
    alpha__spv_emit(m, fn, member ? ALPHA_SPIRV_OpMemberDecorate : ALPHA_SPIRV_OpDecorate, 0, 0, 0, (size_t)k, w);
}
ALPHA_API void alpha_spirv_decorate(alpha_spirv_module *m, uint32_t target, uint32_t decoration, int n, ...) {
    va_list ap;
    va_start(ap, n);
    alpha__spv_decorate(m, "alpha_spirv_decorate", 0, target, 0, decoration, n, ap);
    va_end(ap);
}
ALPHA_API void alpha_spirv_member_decorate(alpha_spirv_module *m, uint32_t type, uint32_t member, uint32_t decoration, int n, ...) {
    va_list ap;
    va_start(ap, n);
    alpha__spv_decorate(m, "alpha_spirv_member_decorate", 1, type, member, decoration, n, ap);
    va_end(ap);
}
/* decorate without varargs (internal) */
static void alpha__spv_deco(alpha_spirv_module *m, uint32_t target, uint32_t dec, int n, uint32_t a0) {
    uint32_t w[3];
    w[0] = target; w[1] = dec; w[2] = a0;
    alpha__spv_emit(m, "alpha_spirv_decorate", ALPHA_SPIRV_OpDecorate, 0, 0, 0, (size_t)(2 + n), w);
}
static void alpha__spv_mdeco(alpha_spirv_module *m, uint32_t target, uint32_t member, uint32_t dec, int n, uint32_t a0) {
    uint32_t w[4];
    w[0] = target; w[1] = member; w[2] = dec; w[3] = a0;
    alpha__spv_emit(m, "alpha_spirv_member_decorate", ALPHA_SPIRV_OpMemberDecorate, 0, 0, 0, (size_t)(3 + n), w);
}

/* ---- types ---- */
static int alpha__spv_is_type(const alpha_spirv_module *m, uint32_t t) {
    switch (alpha__spv_top(m, t)) {
    case ALPHA_SPIRV_OpTypeVoid: case ALPHA_SPIRV_OpTypeBool: case ALPHA_SPIRV_OpTypeInt: case ALPHA_SPIRV_OpTypeFloat:
    case ALPHA_SPIRV_OpTypeVector: case ALPHA_SPIRV_OpTypeMatrix: case ALPHA_SPIRV_OpTypeArray: case ALPHA_SPIRV_OpTypeRuntimeArray:
    case ALPHA_SPIRV_OpTypeStruct: case ALPHA_SPIRV_OpTypePointer: case ALPHA_SPIRV_OpTypeFunction:
    case ALPHA_SPIRV_OpTypeCooperativeMatrixKHR: case ALPHA_SPIRV_OpTypeCooperativeMatrixNV:
    case ALPHA_SPIRV_OpTypeTensorLayoutNV: case ALPHA_SPIRV_OpTypeTensorViewNV:
        return 1;
    default: return 0;
    }
}
static uint32_t alpha__spv_need_type(alpha_spirv_module *m, const char *fn, uint32_t t) {
    if (m->err) return 0;
    if (!alpha__spv_is_type(m, t)) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "%s: %%%u is not a type", fn, (unsigned)t);
    return t;
}
static uint32_t alpha__spv_tint(alpha_spirv_module *m, uint32_t op, uint32_t tag, size_t n, const uint32_t *ops, int *created) {
    size_t before = m->defs.n;
    uint32_t id = alpha__spv_intern(m, "alpha_spirv_type", op, tag, 0, n, ops);
    if (created) *created = id && m->defs.n != before;
    return id;
}
ALPHA_API uint32_t alpha_spirv_type_void(alpha_spirv_module *m) { return m ? alpha__spv_tint(m, ALPHA_SPIRV_OpTypeVoid, 0, 0, NULL, NULL) : 0; }
ALPHA_API uint32_t alpha_spirv_type_bool(alpha_spirv_module *m) { return m ? alpha__spv_tint(m, ALPHA_SPIRV_OpTypeBool, 0, 0, NULL, NULL) : 0; }
ALPHA_API uint32_t alpha_spirv_type_int(alpha_spirv_module *m, uint32_t bits, int is_signed) {
    uint32_t w[2];
    if (!m || m->err) return 0;
    if (bits != 8 && bits != 16 && bits != 32 && bits != 64)
        return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_type_int (OpTypeInt): width %u is not 8, 16, 32 or 64", (unsigned)bits);
    if (bits == 8) alpha__spv_auto_cap(m, ALPHA_SPIRV_CapabilityInt8);
    if (bits == 16) alpha__spv_auto_cap(m, ALPHA_SPIRV_CapabilityInt16);
    if (bits == 64) alpha__spv_auto_cap(m, ALPHA_SPIRV_CapabilityInt64);
    w[0] = bits; w[1] = is_signed ? 1u : 0u;
    return alpha__spv_tint(m, ALPHA_SPIRV_OpTypeInt, 0, 2, w, NULL);
}
ALPHA_API uint32_t alpha_spirv_type_float(alpha_spirv_module *m, uint32_t bits) {
    if (!m || m->err) return 0;
    if (bits != 16 && bits != 32 && bits != 64)
        return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_type_float (OpTypeFloat): width %u is not 16, 32 or 64", (unsigned)bits);
    if (bits == 16) alpha__spv_auto_cap(m, ALPHA_SPIRV_CapabilityFloat16);
    if (bits == 64) alpha__spv_auto_cap(m, ALPHA_SPIRV_CapabilityFloat64);
    return alpha__spv_tint(m, ALPHA_SPIRV_OpTypeFloat, 0, 1, &bits, NULL);
}
ALPHA_API uint32_t alpha_spirv_type_u32(alpha_spirv_module *m) { return alpha_spirv_type_int(m, 32, 0); }
ALPHA_API uint32_t alpha_spirv_type_i32(alpha_spirv_module *m) { return alpha_spirv_type_int(m, 32, 1); }
ALPHA_API uint32_t alpha_spirv_type_f32(alpha_spirv_module *m) { return alpha_spirv_type_float(m, 32); }
ALPHA_API uint32_t alpha_spirv_type_f16(alpha_spirv_module *m) { return alpha_spirv_type_float(m, 16); }
ALPHA_API uint32_t alpha_spirv_type_bf16(alpha_spirv_module *m) {
    uint32_t w[2];
    if (!m || m->err) return 0;
    alpha__spv_auto_cap(m, ALPHA_SPIRV_CapabilityBFloat16TypeKHR);
    alpha__spv_auto_ext(m, "SPV_KHR_bfloat16", 0);
    w[0] = 16; w[1] = ALPHA_SPIRV_FPEncodingBFloat16KHR;
    return alpha__spv_tint(m, ALPHA_SPIRV_OpTypeFloat, 0, 2, w, NULL);
}
ALPHA_API uint32_t alpha_spirv_type_vector(alpha_spirv_module *m, uint32_t comp, uint32_t count) {
    uint32_t w[2], op;
    if (!m || m->err) return 0;
    op = alpha__spv_top(m, comp);
    if (op != ALPHA_SPIRV_OpTypeBool && op != ALPHA_SPIRV_OpTypeInt && op != ALPHA_SPIRV_OpTypeFloat)
        return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_type_vector (OpTypeVector): component %%%u is not a scalar type", (unsigned)comp);
    if (count < 2 || count > 4) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_type_vector (OpTypeVector): %u components (2..4)", (unsigned)count);
    w[0] = comp; w[1] = count;
    return alpha__spv_tint(m, ALPHA_SPIRV_OpTypeVector, 0, 2, w, NULL);
}
ALPHA_API uint32_t alpha_spirv_type_array_id(alpha_spirv_module *m, uint32_t elem, uint32_t length_id) {
    uint32_t w[2], op;
    if (!m || !alpha__spv_need_type(m, "alpha_spirv_type_array (OpTypeArray)", elem)) return 0;
    op = alpha__spv_valid(m, length_id) ? m->ids[length_id].op : 0;
    if (op != ALPHA_SPIRV_OpConstant && op != ALPHA_SPIRV_OpSpecConstant && op != ALPHA_SPIRV_OpSpecConstantOp)
        return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_type_array (OpTypeArray): length %%%u is not an integer constant", (unsigned)length_id);
    w[0] = elem; w[1] = length_id;
    return alpha__spv_tint(m, ALPHA_SPIRV_OpTypeArray, 0, 2, w, NULL);
}
ALPHA_API uint32_t alpha_spirv_type_array(alpha_spirv_module *m, uint32_t elem, uint32_t length) {
    if (!m || m->err) return 0;
    if (length == 0) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_type_array (OpTypeArray): length 0");
    return alpha_spirv_type_array_id(m, elem, alpha_spirv_const_u32(m, length));
}
ALPHA_API uint32_t alpha_spirv_type_runtime_array(alpha_spirv_module *m, uint32_t elem) {
    if (!m || !alpha__spv_need_type(m, "alpha_spirv_type_runtime_array (OpTypeRuntimeArray)", elem)) return 0;
    return alpha__spv_tint(m, ALPHA_SPIRV_OpTypeRuntimeArray, 0, 1, &elem, NULL);
}
ALPHA_API uint32_t alpha_spirv_type_struct(alpha_spirv_module *m, int n, const uint32_t *members) {
    int i;
    if (!m || m->err) return 0;
    if (n < 0 || (n > 0 && !members)) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_type_struct (OpTypeStruct): bad member list");
    for (i = 0; i < n; i++)
        if (!alpha__spv_need_type(m, "alpha_spirv_type_struct (OpTypeStruct)", members[i])) return 0;
    return alpha__spv_tint(m, ALPHA_SPIRV_OpTypeStruct, 0, (size_t)n, members, NULL);
}
ALPHA_API uint32_t alpha_spirv_type_pointer(alpha_spirv_module *m, uint32_t sc, uint32_t pointee) {
    uint32_t w[2];
    if (!m || !alpha__spv_need_type(m, "alpha_spirv_type_pointer (OpTypePointer)", pointee)) return 0;
    if (sc == ALPHA_SPIRV_StorageClassPhysicalStorageBuffer && !m->uses_psb) {
        m->uses_psb = 1;
        alpha__spv_auto_cap(m, ALPHA_SPIRV_CapabilityPhysicalStorageBufferAddresses);
        alpha__spv_auto_ext(m, "SPV_KHR_physical_storage_buffer", 0x00010500u);
    }
    if (sc == ALPHA_SPIRV_StorageClassStorageBuffer) alpha__spv_auto_ext(m, "SPV_KHR_storage_buffer_storage_class", 0x00010300u);
    w[0] = sc; w[1] = pointee;
    return alpha__spv_tint(m, ALPHA_SPIRV_OpTypePointer, 0, 2, w, NULL);
}
ALPHA_API uint32_t alpha_spirv_type_function(alpha_spirv_module *m, uint32_t ret, int n, const uint32_t *params) {
    uint32_t w[64];
    int i;
    if (!m || !alpha__spv_need_type(m, "alpha_spirv_type_function (OpTypeFunction)", ret)) return 0;
    if (n < 0 || n > 63 || (n > 0 && !params)) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_type_function: bad parameter list (0..63)");
    w[0] = ret;
    for (i = 0; i < n; i++) {
        if (!alpha__spv_need_type(m, "alpha_spirv_type_function (OpTypeFunction)", params[i])) return 0;
        w[1 + i] = params[i];
    }
    return alpha__spv_tint(m, ALPHA_SPIRV_OpTypeFunction, 0, (size_t)n + 1, w, NULL);
}
ALPHA_API uint32_t alpha_spirv_type_coopmat(alpha_spirv_module *m, uint32_t comp, uint32_t scope, uint32_t rows, uint32_t cols, uint32_t use) {
    uint32_t w[5];
    if (!m || !alpha__spv_need_type(m, "alpha_spirv_type_coopmat (OpTypeCooperativeMatrixKHR)", comp)) return 0;
    alpha__spv_auto_cap(m, ALPHA_SPIRV_CapabilityCooperativeMatrixKHR);
    alpha__spv_auto_ext(m, "SPV_KHR_cooperative_matrix", 0);
    if (alpha__spv_is_bf16(m, comp)) alpha__spv_auto_cap(m, ALPHA_SPIRV_CapabilityBFloat16CooperativeMatrixKHR);
    w[0] = comp; w[1] = alpha_spirv_const_u32(m, scope); w[2] = alpha_spirv_const_u32(m, rows);
    w[3] = alpha_spirv_const_u32(m, cols); w[4] = alpha_spirv_const_u32(m, use);
    return alpha__spv_tint(m, ALPHA_SPIRV_OpTypeCooperativeMatrixKHR, 0, 5, w, NULL);
}
ALPHA_API uint32_t alpha_spirv_type_coopmat_nv(alpha_spirv_module *m, uint32_t comp, uint32_t scope, uint32_t rows, uint32_t cols) {
    uint32_t w[4];
    if (!m || !alpha__spv_need_type(m, "alpha_spirv_type_coopmat_nv (OpTypeCooperativeMatrixNV)", comp)) return 0;
    alpha__spv_auto_cap(m, ALPHA_SPIRV_CapabilityCooperativeMatrixNV);
    alpha__spv_auto_ext(m, "SPV_NV_cooperative_matrix", 0);
    w[0] = comp; w[1] = alpha_spirv_const_u32(m, scope); w[2] = alpha_spirv_const_u32(m, rows); w[3] = alpha_spirv_const_u32(m, cols);
    return alpha__spv_tint(m, ALPHA_SPIRV_OpTypeCooperativeMatrixNV, 0, 4, w, NULL);
}
static void alpha__spv_tensor_caps(alpha_spirv_module *m) {
    alpha__spv_auto_cap(m, ALPHA_SPIRV_CapabilityTensorAddressingNV);
    alpha__spv_auto_ext(m, "SPV_NV_tensor_addressing", 0);
}
ALPHA_API uint32_t alpha_spirv_type_tensor_layout_nv(alpha_spirv_module *m, uint32_t dim, uint32_t clamp_mode) {
    uint32_t w[2];
    if (!m || m->err) return 0;
    alpha__spv_tensor_caps(m);
    w[0] = alpha_spirv_const_u32(m, dim); w[1] = alpha_spirv_const_u32(m, clamp_mode);
    return alpha__spv_tint(m, ALPHA_SPIRV_OpTypeTensorLayoutNV, 0, 2, w, NULL);
}
ALPHA_API uint32_t alpha_spirv_type_tensor_view_nv(alpha_spirv_module *m, uint32_t dim, int has_dimensions, int n_perm, const uint32_t *perm) {
    uint32_t w[10];
    int i;
    if (!m || m->err) return 0;
    if (n_perm < 0 || n_perm > 8 || (n_perm && !perm)) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_type_tensor_view_nv: 0..8 permutation entries");
    alpha__spv_tensor_caps(m);
    w[0] = alpha_spirv_const_u32(m, dim);
    w[1] = alpha_spirv_const_bool(m, has_dimensions);
    for (i = 0; i < n_perm; i++) w[2 + i] = alpha_spirv_const_u32(m, perm[i]);
    return alpha__spv_tint(m, ALPHA_SPIRV_OpTypeTensorViewNV, 0, (size_t)n_perm + 2, w, NULL);
}

/* ---- type queries ---- */
static uint32_t alpha__spv_scalar(const alpha_spirv_module *m, uint32_t t) { /* component type of a vector, or t */
    return alpha__spv_top(m, t) == ALPHA_SPIRV_OpTypeVector ? alpha__spv_arg(m, t, 0) : t;
}
static uint32_t alpha__spv_veclen(const alpha_spirv_module *m, uint32_t t) {
    return alpha__spv_top(m, t) == ALPHA_SPIRV_OpTypeVector ? alpha__spv_arg(m, t, 1) : 1;
}
static int alpha__spv_is_float(const alpha_spirv_module *m, uint32_t t) { return alpha__spv_top(m, alpha__spv_scalar(m, t)) == ALPHA_SPIRV_OpTypeFloat; }
static int alpha__spv_is_int(const alpha_spirv_module *m, uint32_t t) { return alpha__spv_top(m, alpha__spv_scalar(m, t)) == ALPHA_SPIRV_OpTypeInt; }
static int alpha__spv_is_bool(const alpha_spirv_module *m, uint32_t t) { return alpha__spv_top(m, alpha__spv_scalar(m, t)) == ALPHA_SPIRV_OpTypeBool; }
static int alpha__spv_is_signed(const alpha_spirv_module *m, uint32_t t) { return alpha__spv_arg(m, alpha__spv_scalar(m, t), 1) != 0; }
static uint32_t alpha__spv_width(const alpha_spirv_module *m, uint32_t t) { return alpha__spv_arg(m, alpha__spv_scalar(m, t), 0); }
/* bool (or bool vector) of the same shape as t */
static uint32_t alpha__spv_bool_like(alpha_spirv_module *m, uint32_t t) {
    uint32_t b = alpha_spirv_type_bool(m), n = alpha__spv_veclen(m, t);
    return n > 1 ? alpha_spirv_type_vector(m, b, n) : b;
}
static int alpha__spv_const_value(const alpha_spirv_module *m, uint32_t id, uint64_t *v) {
    const uint32_t *r = alpha__spv_rec(m, id);
    if (!r || r[0] != ALPHA_SPIRV_OpConstant || alpha__spv_top(m, r[4]) != ALPHA_SPIRV_OpTypeInt) return 0;
    *v = r[5] | (r[3] > 2 ? (uint64_t)r[6] << 32 : 0);
    return 1;
}

/* ---- constants ---- */
static uint32_t alpha__spv_f16_rne(float f) {
    alpha__spv_f32u u;
    uint32_t sign, e, man, h, rem, half;
    int E, s;
    u.f = f;
    sign = (u.u >> 16) & 0x8000u;
    e = (u.u >> 23) & 0xffu;
    man = u.u & 0x7fffffu;
    if (e == 255) return sign | 0x7c00u | (man ? 0x200u : 0u);
    E = (int)e - 127;
    if (E > 15) return sign | 0x7c00u;
    if (E >= -14) {
        h = (uint32_t)(E + 15) << 10 | (man >> 13);
        rem = man & 0x1fffu;
        if (rem > 0x1000u || (rem == 0x1000u && (h & 1u))) h++;
        return sign | h;
    }
    if (E < -25) return sign;
    man |= 0x800000u;
    s = -(E + 1);
    h = man >> s;
    rem = man & ((1u << s) - 1u);
    half = 1u << (s - 1);
    if (rem > half || (rem == half && (h & 1u))) h++;
    return sign | h;
}
ALPHA_API uint32_t alpha_spirv_const_bool(alpha_spirv_module *m, int value) {
    uint32_t b;
    if (!m || m->err) return 0;
    b = alpha_spirv_type_bool(m);
    return alpha__spv_intern(m, "alpha_spirv_const_bool", value ? ALPHA_SPIRV_OpConstantTrue : ALPHA_SPIRV_OpConstantFalse, 0, 1, 1, &b);
}
static int alpha__spv_int_words(alpha_spirv_module *m, const char *fn, uint32_t type, int64_t value, uint32_t w[3]) {
    uint32_t width;
    uint64_t bits = (uint64_t)value;
    int sg;
    if (alpha__spv_top(m, type) != ALPHA_SPIRV_OpTypeInt) { alpha__spv_fail(m, ALPHA_ERR_INVALID, "%s: %%%u is not an integer type", fn, (unsigned)type); return 0; }
    width = alpha__spv_arg(m, type, 0);
    sg = alpha__spv_arg(m, type, 1) != 0;
    if (width < 64) {
        int64_t lo = sg ? -((int64_t)1 << (width - 1)) : 0;
        int64_t hi = sg ? ((int64_t)1 << (width - 1)) - 1 : (int64_t)(((uint64_t)1 << width) - 1);
        if (value < lo || value > hi) {
            alpha__spv_fail(m, ALPHA_ERR_INVALID, "%s: %lld does not fit in %sint%u", fn, (long long)value, sg ? "" : "u", (unsigned)width);
            return 0;
        }
        bits &= ((uint64_t)1 << width) - 1;
        if (sg && (bits >> (width - 1)) & 1) bits |= ~(uint64_t)0 << width;
    }
    w[0] = type;
    w[1] = (uint32_t)bits;
    w[2] = (uint32_t)(bits >> 32);
    return width > 32 ? 3 : 2;
}
static int alpha__spv_float_words(alpha_spirv_module *m, const char *fn, uint32_t type, double value, uint32_t w[3]) {
    uint32_t width;
    if (alpha__spv_top(m, type) != ALPHA_SPIRV_OpTypeFloat) { alpha__spv_fail(m, ALPHA_ERR_INVALID, "%s: %%%u is not a float type", fn, (unsigned)type); return 0; }
    width = alpha__spv_arg(m, type, 0);
    w[0] = type;
    if (width == 64) { alpha__spv_f64u u; u.f = value; w[1] = (uint32_t)u.u; w[2] = (uint32_t)(u.u >> 32); return 3; }
    if (width == 32) { alpha__spv_f32u u; u.f = (float)value; w[1] = u.u; return 2; }
    w[1] = alpha__spv_f16_rne((float)value);
    return 2;
}
ALPHA_API uint32_t alpha_spirv_const_int(alpha_spirv_module *m, uint32_t type, int64_t value) {
    uint32_t w[3];
    int n;
    if (!m || m->err) return 0;
    n = alpha__spv_int_words(m, "alpha_spirv_const_int (OpConstant)", type, value, w);
    return n ? alpha__spv_intern(m, "alpha_spirv_const_int", ALPHA_SPIRV_OpConstant, 0, 1, (size_t)n, w) : 0;
}
ALPHA_API uint32_t alpha_spirv_const_float(alpha_spirv_module *m, uint32_t type, double value) {
    uint32_t w[3];
    int n;
    if (!m || m->err) return 0;
    n = alpha__spv_float_words(m, "alpha_spirv_const_float (OpConstant)", type, value, w);
    return n ? alpha__spv_intern(m, "alpha_spirv_const_float", ALPHA_SPIRV_OpConstant, 0, 1, (size_t)n, w) : 0;
}
ALPHA_API uint32_t alpha_spirv_const_u32(alpha_spirv_module *m, uint32_t v) { return alpha_spirv_const_int(m, alpha_spirv_type_u32(m), (int64_t)v); }
ALPHA_API uint32_t alpha_spirv_const_i32(alpha_spirv_module *m, int32_t v) { return alpha_spirv_const_int(m, alpha_spirv_type_i32(m), v); }
ALPHA_API uint32_t alpha_spirv_const_f32(alpha_spirv_module *m, float v) { return alpha_spirv_const_float(m, alpha_spirv_type_f32(m), v); }
ALPHA_API uint32_t alpha_spirv_const_f16(alpha_spirv_module *m, float v) { return alpha_spirv_const_float(m, alpha_spirv_type_f16(m), v); }
static uint32_t alpha__spv_composite(alpha_spirv_module *m, const char *fn, uint32_t op, uint32_t type, int n, const uint32_t *parts, int intern) {
    uint32_t w[257];
    int i;
    if (!m || !alpha__spv_need_type(m, fn, type)) return 0;
    if (n < 0 || n > 256 || (n && !parts)) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "%s: 0..256 constituents", fn);
    w[0] = type;
    for (i = 0; i < n; i++) {
        if (!alpha__spv_valid(m, parts[i])) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "%s: constituent %d is not an id", fn, i);
        w[1 + i] = parts[i];
    }
    return intern ? alpha__spv_intern(m, fn, op, 0, 1, (size_t)n + 1, w) : alpha__spv_emit(m, fn, op, type, 1, 0, (size_t)n, w + 1);
}
ALPHA_API uint32_t alpha_spirv_const_composite(alpha_spirv_module *m, uint32_t type, int n, const uint32_t *parts) {
    return alpha__spv_composite(m, "alpha_spirv_const_composite (OpConstantComposite)", ALPHA_SPIRV_OpConstantComposite, type, n, parts, 1);
}
ALPHA_API uint32_t alpha_spirv_const_null(alpha_spirv_module *m, uint32_t type) {
    if (!m || !alpha__spv_need_type(m, "alpha_spirv_const_null (OpConstantNull)", type)) return 0;
    return alpha__spv_intern(m, "alpha_spirv_const_null", ALPHA_SPIRV_OpConstantNull, 0, 1, 1, &type);
}
static uint32_t alpha__spv_spec(alpha_spirv_module *m, const char *fn, uint32_t op, const uint32_t *w, int n, uint32_t spec_id) {
    uint32_t id = alpha__spv_emit(m, fn, op, w[0], 1, 0, (size_t)n - 1, w + 1);
    if (id) alpha__spv_deco(m, id, ALPHA_SPIRV_DecorationSpecId, 1, spec_id);
    return id;
}
ALPHA_API uint32_t alpha_spirv_spec_const_int(alpha_spirv_module *m, uint32_t type, uint32_t spec_id, int64_t value) {
    uint32_t w[3];
    int n;
    if (!m || m->err) return 0;
    n = alpha__spv_int_words(m, "alpha_spirv_spec_const_int (OpSpecConstant)", type, value, w);
    return n ? alpha__spv_spec(m, "alpha_spirv_spec_const_int", ALPHA_SPIRV_OpSpecConstant, w, n, spec_id) : 0;
}
ALPHA_API uint32_t alpha_spirv_spec_const_float(alpha_spirv_module *m, uint32_t type, uint32_t spec_id, double value) {
    uint32_t w[3];
    int n;
    if (!m || m->err) return 0;
    n = alpha__spv_float_words(m, "alpha_spirv_spec_const_float (OpSpecConstant)", type, value, w);
    return n ? alpha__spv_spec(m, "alpha_spirv_spec_const_float", ALPHA_SPIRV_OpSpecConstant, w, n, spec_id) : 0;
}
ALPHA_API uint32_t alpha_spirv_spec_const_u32(alpha_spirv_module *m, uint32_t spec_id, uint32_t value) {
    return alpha_spirv_spec_const_int(m, alpha_spirv_type_u32(m), spec_id, (int64_t)value);
}
ALPHA_API uint32_t alpha_spirv_spec_const_bool(alpha_spirv_module *m, uint32_t spec_id, int value) {
    uint32_t w[1];
    if (!m || m->err) return 0;
    w[0] = alpha_spirv_type_bool(m);
    return alpha__spv_spec(m, "alpha_spirv_spec_const_bool", value ? ALPHA_SPIRV_OpSpecConstantTrue : ALPHA_SPIRV_OpSpecConstantFalse, w, 1, spec_id);
}
ALPHA_API uint32_t alpha_spirv_spec_const_composite(alpha_spirv_module *m, uint32_t type, int n, const uint32_t *parts) {
    return alpha__spv_composite(m, "alpha_spirv_spec_const_composite (OpSpecConstantComposite)", ALPHA_SPIRV_OpSpecConstantComposite, type, n, parts, 0);
}
ALPHA_API uint32_t alpha_spirv_spec_const_op(alpha_spirv_module *m, uint32_t type, uint32_t opcode, int n, const uint32_t *operands) {
    uint32_t w[33];
    int i;
    if (!m || !alpha__spv_need_type(m, "alpha_spirv_spec_const_op (OpSpecConstantOp)", type)) return 0;
    if (n < 0 || n > 32 || (n && !operands)) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_spec_const_op: 0..32 operands");
    w[0] = opcode;
    for (i = 0; i < n; i++) w[1 + i] = operands[i];
    return alpha__spv_emit(m, "alpha_spirv_spec_const_op", ALPHA_SPIRV_OpSpecConstantOp, type, 1, 0, (size_t)n + 1, w);
}

/* ---- layout ---- */
static int alpha__spv_size_align(alpha_spirv_module *m, uint32_t t, alpha_spirv_layout lay, uint32_t *size, uint32_t *align, int depth) {
    uint32_t op = alpha__spv_top(m, t), es, ea, i, n, off = 0, a = 1;
    uint64_t len;
    if (depth > 32) { alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_layout: types nested too deep"); return 0; }
    switch (op) {
    case ALPHA_SPIRV_OpTypeInt: case ALPHA_SPIRV_OpTypeFloat:
        *size = *align = alpha__spv_arg(m, t, 0) / 8;
        return 1;
    case ALPHA_SPIRV_OpTypeVector:
        es = alpha__spv_arg(m, alpha__spv_arg(m, t, 0), 0) / 8;
        n = alpha__spv_arg(m, t, 1);
        *size = es * n;
        *align = es * (n == 2 ? 2 : 4);
        return es != 0;
    case ALPHA_SPIRV_OpTypePointer:
        if (alpha__spv_arg(m, t, 0) != ALPHA_SPIRV_StorageClassPhysicalStorageBuffer) break;
        *size = *align = 8;
        return 1;
    case ALPHA_SPIRV_OpTypeArray: case ALPHA_SPIRV_OpTypeRuntimeArray:
        if (!alpha__spv_size_align(m, alpha__spv_arg(m, t, 0), lay, &es, &ea, depth + 1)) return 0;
        if (lay == ALPHA_SPIRV_STD140) ea = (ea + 15) & ~15u;
        es = (es + ea - 1) / ea * ea;
        *align = ea;
        if (op == ALPHA_SPIRV_OpTypeRuntimeArray) { *size = 0; return 1; }
        if (!alpha__spv_const_value(m, alpha__spv_arg(m, t, 1), &len)) {
            alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_layout: array %%%u has a specialization-constant length; its layout is unknown", (unsigned)t);
            return 0;
        }
        if (len * es > 0xffffffffu) { alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_layout: array %%%u is larger than 4 GiB", (unsigned)t); return 0; }
        *size = (uint32_t)(len * es);
        return 1;
    case ALPHA_SPIRV_OpTypeStruct: {
        const uint32_t *r = alpha__spv_rec(m, t);
        for (i = 0; i < r[3]; i++) {
            uint32_t mem = alpha__spv_rec(m, t)[4 + i];
            if (!alpha__spv_size_align(m, mem, lay, &es, &ea, depth + 1)) return 0;
            off = (off + ea - 1) / ea * ea + es;
            if (ea > a) a = ea;
        }
        if (lay == ALPHA_SPIRV_STD140) a = (a + 15) & ~15u;
        *align = a;
        *size = (off + a - 1) / a * a;
        return 1;
    }
    default: break;
    }
    {
        char nm[96];
        alpha__spv_tname(m, t, nm, sizeof nm);
        alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_layout: %s has no explicit layout", nm);
    }
    return 0;
}
ALPHA_API uint32_t alpha_spirv_layout_size(alpha_spirv_module *m, uint32_t type, alpha_spirv_layout layout) {
    uint32_t s, a;
    return m && !m->err && alpha__spv_size_align(m, type, layout, &s, &a, 0) ? s : 0;
}
ALPHA_API uint32_t alpha_spirv_layout_align(alpha_spirv_module *m, uint32_t type, alpha_spirv_layout layout) {
    uint32_t s, a;
    return m && !m->err && alpha__spv_size_align(m, type, layout, &s, &a, 0) ? a : 0;
}
ALPHA_API uint32_t alpha_spirv_layout_offset(alpha_spirv_module *m, uint32_t st, uint32_t member, alpha_spirv_layout layout) {
    uint32_t i, off = 0, s, a;
    const uint32_t *r;
    if (!m || m->err) return 0;
    r = alpha__spv_rec(m, st);
    if (!r || r[0] != ALPHA_SPIRV_OpTypeStruct || member >= r[3])
        return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_layout_offset: %%%u has no member %u", (unsigned)st, (unsigned)member);
    for (i = 0; i <= member; i++) {
        if (!alpha__spv_size_align(m, alpha__spv_rec(m, st)[4 + i], layout, &s, &a, 0)) return 0;
        off = (off + a - 1) / a * a;
        if (i < member) off += s;
    }
    return off;
}
static uint32_t alpha__spv_laid_struct(alpha_spirv_module *m, uint32_t tag, int n, const uint32_t *members, alpha_spirv_layout lay,
                                       int block, uint32_t member_flags) {
    uint32_t w[64], off = 0, s, a, id;
    int i, created;
    if (n < 0 || n > 64 || (n && !members)) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_type_block: 0..64 members");
    for (i = 0; i < n; i++) {
        w[i] = alpha_spirv_type_layout(m, members[i], lay);
        if (!w[i]) return 0;
    }
    id = alpha__spv_tint(m, ALPHA_SPIRV_OpTypeStruct, tag, (size_t)n, w, &created);
    if (!id || !created) return id;
    for (i = 0; i < n; i++) {
        if (!alpha__spv_size_align(m, w[i], lay, &s, &a, 0)) return 0;
        off = (off + a - 1) / a * a;
        alpha__spv_mdeco(m, id, (uint32_t)i, ALPHA_SPIRV_DecorationOffset, 1, off);
        if (member_flags & ALPHA_SPIRV_READONLY) alpha__spv_mdeco(m, id, (uint32_t)i, ALPHA_SPIRV_DecorationNonWritable, 0, 0);
        if (member_flags & ALPHA_SPIRV_WRITEONLY) alpha__spv_mdeco(m, id, (uint32_t)i, ALPHA_SPIRV_DecorationNonReadable, 0, 0);
        off += s;
    }
    if (block) alpha__spv_deco(m, id, ALPHA_SPIRV_DecorationBlock, 0, 0);
    return m->err ? 0 : id;
}
ALPHA_API uint32_t alpha_spirv_type_layout(alpha_spirv_module *m, uint32_t t, alpha_spirv_layout lay) {
    uint32_t op, s, a, w[2], id, tag;
    int created;
    if (!m || !alpha__spv_need_type(m, "alpha_spirv_type_layout", t)) return 0;
    if (lay != ALPHA_SPIRV_STD430 && lay != ALPHA_SPIRV_STD140) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_type_layout: unknown layout %d", (int)lay);
    op = alpha__spv_top(m, t);
    tag = 1u + (uint32_t)lay;
    if (alpha__spv_rec(m, t)[1] == tag) return t; /* already laid out */
    if (op == ALPHA_SPIRV_OpTypeArray || op == ALPHA_SPIRV_OpTypeRuntimeArray) {
        w[0] = alpha_spirv_type_layout(m, alpha__spv_arg(m, t, 0), lay);
        w[1] = alpha__spv_arg(m, t, 1);
        if (!w[0] || !alpha__spv_size_align(m, w[0], lay, &s, &a, 0)) return 0;
        if (lay == ALPHA_SPIRV_STD140) a = (a + 15) & ~15u;
        id = alpha__spv_tint(m, op, tag, op == ALPHA_SPIRV_OpTypeArray ? 2 : 1, w, &created);
        if (id && created) alpha__spv_deco(m, id, ALPHA_SPIRV_DecorationArrayStride, 1, (s + a - 1) / a * a);
        return m->err ? 0 : id;
    }
    if (op == ALPHA_SPIRV_OpTypeStruct) {
        const uint32_t *r = alpha__spv_rec(m, t);
        uint32_t mem[64], i, n = r[3];
        if (n > 64) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_type_layout: more than 64 members");
        for (i = 0; i < n; i++) mem[i] = alpha__spv_rec(m, t)[4 + i];
        return alpha__spv_laid_struct(m, tag, (int)n, mem, lay, 0, 0);
    }
    if (!alpha__spv_size_align(m, t, lay, &s, &a, 0)) return 0; /* scalars, vectors, PSB pointers: no decoration needed */
    return t;
}
ALPHA_API uint32_t alpha_spirv_type_block(alpha_spirv_module *m, alpha_spirv_layout layout, int n, const uint32_t *members) {
    if (!m || m->err) return 0;
    return alpha__spv_laid_struct(m, 3u + (uint32_t)layout, n, members, layout, 1, 0);
}

/* ---- variables ---- */
ALPHA_API uint32_t alpha_spirv_variable(alpha_spirv_module *m, uint32_t sc, uint32_t type, uint32_t init) {
    uint32_t ptr, w[2], id, g[2];
    if (!m || m->err) return 0;
    ptr = alpha_spirv_type_pointer(m, sc, type);
    if (!ptr) return 0;
    w[0] = sc; w[1] = init;
    id = alpha__spv_emit(m, "alpha_spirv_variable", ALPHA_SPIRV_OpVariable, ptr, 1, 0, init ? 2 : 1, w);
    if (id && sc != ALPHA_SPIRV_StorageClassFunction) {
        g[0] = id; g[1] = sc;
        if (!alpha__spv_putn(&m->a, &m->globals, g, 2)) return alpha__spv_oom(m);
    }
    return id;
}
ALPHA_API uint32_t alpha_spirv_local(alpha_spirv_module *m, uint32_t type) { return alpha_spirv_variable(m, ALPHA_SPIRV_StorageClassFunction, type, 0); }
ALPHA_API uint32_t alpha_spirv_shared(alpha_spirv_module *m, uint32_t type) { return alpha_spirv_variable(m, ALPHA_SPIRV_StorageClassWorkgroup, type, 0); }
ALPHA_API uint32_t alpha_spirv_shared_array(alpha_spirv_module *m, uint32_t element, uint32_t length) {
    return alpha_spirv_shared(m, alpha_spirv_type_array(m, element, length));
}
static void alpha__spv_storage_caps(alpha_spirv_module *m, uint32_t elem, uint32_t sc) {
    uint32_t s = alpha__spv_scalar(m, elem), w = alpha__spv_width(m, s);
    if (alpha__spv_top(m, s) != ALPHA_SPIRV_OpTypeInt && alpha__spv_top(m, s) != ALPHA_SPIRV_OpTypeFloat) return;
    if (w == 16) {
        alpha__spv_auto_cap(m, sc == ALPHA_SPIRV_StorageClassPushConstant ? ALPHA_SPIRV_CapabilityStoragePushConstant16
                               : sc == ALPHA_SPIRV_StorageClassUniform ? ALPHA_SPIRV_CapabilityUniformAndStorageBuffer16BitAccess
                                                                      : ALPHA_SPIRV_CapabilityStorageBuffer16BitAccess);
        alpha__spv_auto_ext(m, "SPV_KHR_16bit_storage", 0x00010300u);
    } else if (w == 8) {
        alpha__spv_auto_cap(m, sc == ALPHA_SPIRV_StorageClassPushConstant ? ALPHA_SPIRV_CapabilityStoragePushConstant8
                               : sc == ALPHA_SPIRV_StorageClassUniform ? ALPHA_SPIRV_CapabilityUniformAndStorageBuffer8BitAccess
                                                                      : ALPHA_SPIRV_CapabilityStorageBuffer8BitAccess);
        alpha__spv_auto_ext(m, "SPV_KHR_8bit_storage", 0x00010500u);
    }
}
/* laid-out runtime array without creating the bare one */
static uint32_t alpha__spv_laid_rta(alpha_spirv_module *m, uint32_t elem, alpha_spirv_layout lay) {
    uint32_t le = alpha_spirv_type_layout(m, elem, lay), s, a, id;
    int created;
    if (!le || !alpha__spv_size_align(m, le, lay, &s, &a, 0)) return 0;
    if (lay == ALPHA_SPIRV_STD140) a = (a + 15) & ~15u;
    id = alpha__spv_tint(m, ALPHA_SPIRV_OpTypeRuntimeArray, 1u + (uint32_t)lay, 1, &le, &created);
    if (id && created) alpha__spv_deco(m, id, ALPHA_SPIRV_DecorationArrayStride, 1, (s + a - 1) / a * a);
    return m->err ? 0 : id;
}
ALPHA_API uint32_t alpha_spirv_buffer(alpha_spirv_module *m, uint32_t elem, uint32_t set, uint32_t binding, uint32_t flags) {
    uint32_t ra, blk, var;
    if (!m || !alpha__spv_need_type(m, "alpha_spirv_buffer", elem)) return 0;
    ra = alpha__spv_laid_rta(m, elem, ALPHA_SPIRV_STD430);
    if (!ra) return 0;
    blk = alpha__spv_laid_struct(m, 3u + ((flags & 3u) << 4), 1, &ra, ALPHA_SPIRV_STD430, 1, flags & 3u);
    alpha__spv_storage_caps(m, elem, ALPHA_SPIRV_StorageClassStorageBuffer);
    var = alpha_spirv_variable(m, ALPHA_SPIRV_StorageClassStorageBuffer, blk, 0);
    if (!var) return 0;
    alpha__spv_deco(m, var, ALPHA_SPIRV_DecorationDescriptorSet, 1, set);
    alpha__spv_deco(m, var, ALPHA_SPIRV_DecorationBinding, 1, binding);
    if (flags & ALPHA_SPIRV_COHERENT) alpha__spv_deco(m, var, ALPHA_SPIRV_DecorationCoherent, 0, 0);
    if (flags & ALPHA_SPIRV_RESTRICT) alpha__spv_deco(m, var, ALPHA_SPIRV_DecorationRestrict, 0, 0);
    return m->err ? 0 : var;
}
ALPHA_API uint32_t alpha_spirv_buffer_at(alpha_spirv_module *m, uint32_t buffer, uint32_t index) {
    uint32_t idx[2];
    if (!m || m->err) return 0;
    idx[0] = alpha_spirv_const_u32(m, 0);
    idx[1] = index;
    return alpha_spirv_access_chain(m, buffer, 2, idx);
}
static uint32_t alpha__spv_block_var(alpha_spirv_module *m, uint32_t sc, alpha_spirv_layout lay, int n, const uint32_t *members) {
    int i;
    uint32_t blk = alpha_spirv_type_block(m, lay, n, members);
    for (i = 0; i < n && blk; i++) alpha__spv_storage_caps(m, members[i], sc);
    return blk ? alpha_spirv_variable(m, sc, blk, 0) : 0;
}
ALPHA_API uint32_t alpha_spirv_push_constants(alpha_spirv_module *m, int n, const uint32_t *members) {
    if (!m || m->err) return 0;
    return alpha__spv_block_var(m, ALPHA_SPIRV_StorageClassPushConstant, ALPHA_SPIRV_STD430, n, members);
}
ALPHA_API uint32_t alpha_spirv_uniform_block(alpha_spirv_module *m, uint32_t set, uint32_t binding, int n, const uint32_t *members) {
    uint32_t var;
    if (!m || m->err) return 0;
    var = alpha__spv_block_var(m, ALPHA_SPIRV_StorageClassUniform, ALPHA_SPIRV_STD140, n, members);
    if (!var) return 0;
    alpha__spv_deco(m, var, ALPHA_SPIRV_DecorationDescriptorSet, 1, set);
    alpha__spv_deco(m, var, ALPHA_SPIRV_DecorationBinding, 1, binding);
    return m->err ? 0 : var;
}
ALPHA_API uint32_t alpha_spirv_member_ptr(alpha_spirv_module *m, uint32_t base, uint32_t member) {
    uint32_t k;
    if (!m || m->err) return 0;
    k = alpha_spirv_const_u32(m, member);
    return alpha_spirv_access_chain(m, base, 1, &k);
}
ALPHA_API uint32_t alpha_spirv_load_member(alpha_spirv_module *m, uint32_t base, uint32_t member) {
    return alpha_spirv_load(m, alpha_spirv_member_ptr(m, base, member));
}
ALPHA_API uint32_t alpha_spirv_builtin(alpha_spirv_module *m, uint32_t builtin) {
    uint32_t u, t, var, pair[2], cap = 0;
    size_t i;
    if (!m || m->err) return 0;
    for (i = 0; i + 1 < m->builtins.n; i += 2)
        if (m->builtins.w[i] == builtin) return m->builtins.w[i + 1];
    u = alpha_spirv_type_u32(m);
    switch (builtin) {
    case ALPHA_SPIRV_BuiltInNumWorkgroups: case ALPHA_SPIRV_BuiltInWorkgroupId: case ALPHA_SPIRV_BuiltInLocalInvocationId:
    case ALPHA_SPIRV_BuiltInGlobalInvocationId:
        t = alpha_spirv_type_vector(m, u, 3);
        break;
    case ALPHA_SPIRV_BuiltInLocalInvocationIndex: t = u; break;
    case ALPHA_SPIRV_BuiltInSubgroupSize: case ALPHA_SPIRV_BuiltInNumSubgroups: case ALPHA_SPIRV_BuiltInSubgroupId:
    case ALPHA_SPIRV_BuiltInSubgroupLocalInvocationId:
        t = u; cap = ALPHA_SPIRV_CapabilityGroupNonUniform;
        break;
    case ALPHA_SPIRV_BuiltInSubgroupEqMask: case ALPHA_SPIRV_BuiltInSubgroupGeMask: case ALPHA_SPIRV_BuiltInSubgroupGtMask:
    case ALPHA_SPIRV_BuiltInSubgroupLeMask: case ALPHA_SPIRV_BuiltInSubgroupLtMask:
        t = alpha_spirv_type_vector(m, u, 4); cap = ALPHA_SPIRV_CapabilityGroupNonUniformBallot;
        break;
    default:
        return alpha__spv_fail(m, ALPHA_ERR_UNSUPPORTED, "alpha_spirv_builtin: built-in %u is not a compute input this helper knows; declare it with alpha_spirv_variable and alpha_spirv_decorate", (unsigned)builtin);
    }
    if (cap) { alpha__spv_auto_cap(m, ALPHA_SPIRV_CapabilityGroupNonUniform); alpha__spv_auto_cap(m, cap); }
    var = alpha_spirv_variable(m, ALPHA_SPIRV_StorageClassInput, t, 0);
    if (!var) return 0;
    alpha__spv_deco(m, var, ALPHA_SPIRV_DecorationBuiltIn, 1, builtin);
    pair[0] = builtin; pair[1] = var;
    if (!alpha__spv_putn(&m->a, &m->builtins, pair, 2)) return alpha__spv_oom(m);
    return var;
}
ALPHA_API uint32_t alpha_spirv_builtin_load(alpha_spirv_module *m, uint32_t builtin, int component) {
    uint32_t v = alpha_spirv_load(m, alpha_spirv_builtin(m, builtin));
    return component < 0 || !v ? v : alpha_spirv_extract(m, v, (uint32_t)component);
}

/* ---- functions and blocks ---- */
static int alpha__spv_fn_put(alpha_spirv_module *m, const uint32_t *w, size_t n) {
    if (!alpha__spv_putn(&m->a, &m->fn_body, w, n)) { alpha__spv_oom(m); return 0; }
    return 1;
}
ALPHA_API uint32_t alpha_spirv_label(alpha_spirv_module *m, uint32_t id) {
    uint32_t w[2];
    if (!m || m->err) return 0;
    if (!m->in_fn) return alpha__spv_fail(m, ALPHA_ERR_STATE, "alpha_spirv_label (OpLabel): no function is open");
    if (m->cur_block)
        return alpha__spv_fail(m, ALPHA_ERR_STATE, "alpha_spirv_label (OpLabel): block %%%u is not terminated; end it with a branch or return first", (unsigned)m->cur_block);
    if (!id) id = alpha__spv_new_id(m);
    if (!alpha__spv_valid(m, id)) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_label (OpLabel): %%%u is not an id from alpha_spirv_id", (unsigned)id);
    w[0] = 2u << 16 | ALPHA_SPIRV_OpLabel;
    w[1] = id;
    if (!alpha__spv_fn_put(m, w, 2)) return 0;
    if (!m->fn_vars_at) m->fn_vars_at = m->fn_body.n;
    m->ids[id].op = ALPHA_SPIRV_OpLabel;
    m->cur_block = id;
    return id;
}
ALPHA_API uint32_t alpha_spirv_current_block(alpha_spirv_module *m) { return m ? m->cur_block : 0; }
ALPHA_API uint32_t alpha_spirv_function_begin(alpha_spirv_module *m, uint32_t ret, int n, const uint32_t *param_types, uint32_t *param_ids) {
    uint32_t ft, fid, w[5];
    int i;
    if (!m || m->err) return 0;
    if (m->in_fn) return alpha__spv_fail(m, ALPHA_ERR_STATE, "alpha_spirv_function_begin (OpFunction): function %%%u is still open; call alpha_spirv_function_end", (unsigned)m->cur_fn);
    ft = alpha_spirv_type_function(m, ret, n, param_types);
    fid = alpha__spv_new_id(m);
    if (!ft || !fid) return 0;
    m->in_fn = 1;
    m->cur_fn = fid;
    m->cur_block = 0;
    m->fn_body.n = m->fn_vars.n = 0;
    m->fn_vars_at = 0;
    m->n_ctl = 0;
    w[0] = 5u << 16 | ALPHA_SPIRV_OpFunction; w[1] = ret; w[2] = fid; w[3] = 0; w[4] = ft;
    if (!alpha__spv_fn_put(m, w, 5)) return 0;
    m->ids[fid].type = ret;
    m->ids[fid].op = ALPHA_SPIRV_OpFunction;
    for (i = 0; i < n; i++) {
        uint32_t pid = alpha__spv_new_id(m);
        if (!pid) return 0;
        w[0] = 3u << 16 | ALPHA_SPIRV_OpFunctionParameter; w[1] = param_types[i]; w[2] = pid;
        if (!alpha__spv_fn_put(m, w, 3)) return 0;
        m->ids[pid].type = param_types[i];
        m->ids[pid].op = ALPHA_SPIRV_OpFunctionParameter;
        if (param_ids) param_ids[i] = pid;
    }
    return alpha_spirv_label(m, 0) ? fid : 0;
}
ALPHA_API void alpha_spirv_function_end(alpha_spirv_module *m) {
    alpha__spv_buf *f;
    uint32_t end = 1u << 16 | ALPHA_SPIRV_OpFunctionEnd;
    if (!m || m->err) return;
    if (!m->in_fn) { alpha__spv_fail(m, ALPHA_ERR_STATE, "alpha_spirv_function_end (OpFunctionEnd): no function is open"); return; }
    if (m->cur_block) {
        alpha__spv_fail(m, ALPHA_ERR_STATE, "alpha_spirv_function_end (OpFunctionEnd): block %%%u of function %%%u is not terminated (add alpha_spirv_return or a branch)",
                        (unsigned)m->cur_block, (unsigned)m->cur_fn);
        return;
    }
    if (m->n_ctl) {
        alpha__spv_fail(m, ALPHA_ERR_STATE, "alpha_spirv_function_end (OpFunctionEnd): %d if/loop construct(s) of function %%%u are still open",
                        m->n_ctl, (unsigned)m->cur_fn);
        return;
    }
    f = &m->sec[ALPHA__SEC_FUNC];
    if (!alpha__spv_putn(&m->a, f, m->fn_body.w, m->fn_vars_at) || !alpha__spv_putn(&m->a, f, m->fn_vars.w, m->fn_vars.n) ||
        !alpha__spv_putn(&m->a, f, m->fn_body.w + m->fn_vars_at, m->fn_body.n - m->fn_vars_at) || !alpha__spv_put(&m->a, f, end)) {
        alpha__spv_oom(m);
        return;
    }
    m->in_fn = 0;
    m->cur_fn = 0;
}
ALPHA_API void alpha_spirv_local_size(alpha_spirv_module *m, uint32_t function, uint32_t x, uint32_t y, uint32_t z) {
    alpha_spirv_execution_mode(m, function, ALPHA_SPIRV_ExecutionModeLocalSize, 3, x, y, z);
}
ALPHA_API uint32_t alpha_spirv_compute_begin(alpha_spirv_module *m, const char *name, uint32_t x, uint32_t y, uint32_t z) {
    uint32_t fid;
    if (!m || m->err) return 0;
    fid = alpha_spirv_function_begin(m, alpha_spirv_type_void(m), 0, NULL, NULL);
    if (!fid) return 0;
    alpha_spirv_entry_point(m, ALPHA_SPIRV_ExecutionModelGLCompute, fid, name ? name : "main");
    if (x) alpha_spirv_local_size(m, fid, x, y ? y : 1, z ? z : 1);
    return m->err ? 0 : fid;
}
ALPHA_API void alpha_spirv_local_size_spec(alpha_spirv_module *m, uint32_t function, uint32_t x, uint32_t y, uint32_t z,
                                           const uint32_t spec_id[3], uint32_t out_ids[3]) {
    uint32_t c[3], u;
    if (!m || m->err) return;
    if (!spec_id) { alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_local_size_spec: spec_id is NULL"); return; }
    u = alpha_spirv_type_u32(m);
    c[0] = alpha_spirv_spec_const_int(m, u, spec_id[0], x);
    c[1] = alpha_spirv_spec_const_int(m, u, spec_id[1], y);
    c[2] = alpha_spirv_spec_const_int(m, u, spec_id[2], z);
    if (m->version >= 0x00010600u) {
        alpha_spirv_execution_mode_id(m, function, ALPHA_SPIRV_ExecutionModeLocalSizeId, 3, c[0], c[1], c[2]);
    } else {
        uint32_t v = alpha_spirv_spec_const_composite(m, alpha_spirv_type_vector(m, u, 3), 3, c);
        if (v) alpha__spv_deco(m, v, ALPHA_SPIRV_DecorationBuiltIn, 1, ALPHA_SPIRV_BuiltInWorkgroupSize);
    }
    if (out_ids) { out_ids[0] = c[0]; out_ids[1] = c[1]; out_ids[2] = c[2]; }
}
ALPHA_API uint32_t alpha_spirv_call(alpha_spirv_module *m, uint32_t function, int n, const uint32_t *args) {
    uint32_t w[64];
    int i;
    if (!m || m->err) return 0;
    if (!alpha__spv_valid(m, function) || m->ids[function].op != ALPHA_SPIRV_OpFunction)
        return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_call (OpFunctionCall): %%%u is not a function", (unsigned)function);
    if (n < 0 || n > 63 || (n && !args)) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_call (OpFunctionCall): 0..63 arguments");
    w[0] = function;
    for (i = 0; i < n; i++) w[1 + i] = args[i];
    return alpha__spv_emit(m, "alpha_spirv_call", ALPHA_SPIRV_OpFunctionCall, m->ids[function].type, 1, 0, (size_t)n + 1, w);
}
static int alpha__spv_need_bool(alpha_spirv_module *m, const char *fn, uint32_t c) {
    uint32_t t = alpha__spv_type(m, c);
    char nm[96];
    if (m->err) return 0;
    if (alpha__spv_top(m, t) == ALPHA_SPIRV_OpTypeBool) return 1;
    alpha__spv_tname(m, t, nm, sizeof nm);
    alpha__spv_fail(m, ALPHA_ERR_INVALID, "%s: condition %%%u has type %s, expected bool", fn, (unsigned)c, nm);
    return 0;
}
ALPHA_API void alpha_spirv_branch(alpha_spirv_module *m, uint32_t target) {
    if (m) alpha__spv_emit(m, "alpha_spirv_branch", ALPHA_SPIRV_OpBranch, 0, 0, 0, 1, &target);
}
ALPHA_API void alpha_spirv_branch_cond(alpha_spirv_module *m, uint32_t cond, uint32_t t, uint32_t f) {
    uint32_t w[3];
    if (!m || !alpha__spv_need_bool(m, "alpha_spirv_branch_cond (OpBranchConditional)", cond)) return;
    w[0] = cond; w[1] = t; w[2] = f;
    alpha__spv_emit(m, "alpha_spirv_branch_cond", ALPHA_SPIRV_OpBranchConditional, 0, 0, 0, 3, w);
}
ALPHA_API void alpha_spirv_selection_merge(alpha_spirv_module *m, uint32_t merge) {
    uint32_t w[2];
    w[0] = merge; w[1] = 0;
    if (m) alpha__spv_emit(m, "alpha_spirv_selection_merge", ALPHA_SPIRV_OpSelectionMerge, 0, 0, 0, 2, w);
}
ALPHA_API void alpha_spirv_loop_merge(alpha_spirv_module *m, uint32_t merge, uint32_t cont, uint32_t control) {
    uint32_t w[3];
    w[0] = merge; w[1] = cont; w[2] = control;
    if (m) alpha__spv_emit(m, "alpha_spirv_loop_merge", ALPHA_SPIRV_OpLoopMerge, 0, 0, 0, 3, w);
}
ALPHA_API void alpha_spirv_return(alpha_spirv_module *m) { if (m) alpha__spv_emit(m, "alpha_spirv_return", ALPHA_SPIRV_OpReturn, 0, 0, 0, 0, NULL); }
ALPHA_API void alpha_spirv_return_value(alpha_spirv_module *m, uint32_t v) {
    if (m) alpha__spv_emit(m, "alpha_spirv_return_value", ALPHA_SPIRV_OpReturnValue, 0, 0, 0, 1, &v);
}
ALPHA_API void alpha_spirv_unreachable(alpha_spirv_module *m) { if (m) alpha__spv_emit(m, "alpha_spirv_unreachable", ALPHA_SPIRV_OpUnreachable, 0, 0, 0, 0, NULL); }
ALPHA_API uint32_t alpha_spirv_phi(alpha_spirv_module *m, uint32_t type, int n, const uint32_t *pairs) {
    if (!m || !alpha__spv_need_type(m, "alpha_spirv_phi (OpPhi)", type)) return 0;
    if (n < 1 || n > 32000 || !pairs) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_phi (OpPhi): needs 1 or more (value, block) pairs");
    return alpha__spv_emit(m, "alpha_spirv_phi", ALPHA_SPIRV_OpPhi, type, 1, 0, (size_t)n * 2, pairs);
}

/* ---- structured control flow ---- */
static alpha__spv_ctl *alpha__spv_ctl_push(alpha_spirv_module *m, const char *fn, int kind) {
    alpha__spv_ctl *c;
    if (!m->in_fn || !m->cur_block) {
        alpha__spv_fail(m, ALPHA_ERR_STATE, "%s: needs an open block in a function", fn);
        return NULL;
    }
    if (m->n_ctl >= (int)(sizeof m->ctl / sizeof m->ctl[0])) { alpha__spv_fail(m, ALPHA_ERR_STATE, "%s: more than 64 nested constructs", fn); return NULL; }
    c = &m->ctl[m->n_ctl++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    return c;
}
static alpha__spv_ctl *alpha__spv_ctl_top(alpha_spirv_module *m, const char *fn, int kind) {
    if (m->err) return NULL;
    if (m->n_ctl == 0 || m->ctl[m->n_ctl - 1].kind != kind) {
        alpha__spv_fail(m, ALPHA_ERR_STATE, "%s: the innermost open construct is not %s", fn, kind == ALPHA__CTL_IF ? "an if (alpha_spirv_if_begin)" : "a loop");
        return NULL;
    }
    return &m->ctl[m->n_ctl - 1];
}
ALPHA_API void alpha_spirv_if_begin(alpha_spirv_module *m, uint32_t cond) {
    alpha__spv_ctl *c;
    uint32_t then;
    if (!m || !alpha__spv_need_bool(m, "alpha_spirv_if_begin (OpBranchConditional)", cond)) return;
    c = alpha__spv_ctl_push(m, "alpha_spirv_if_begin", ALPHA__CTL_IF);
    if (!c) return;
    c->merge = alpha__spv_new_id(m);
    then = alpha__spv_new_id(m);
    alpha_spirv_selection_merge(m, c->merge);
    alpha_spirv_branch_cond(m, cond, then, c->merge);
    c->patch = m->fn_body.n - 1;
    alpha_spirv_label(m, then);
}
ALPHA_API void alpha_spirv_else(alpha_spirv_module *m) {
    alpha__spv_ctl *c;
    if (!m || !(c = alpha__spv_ctl_top(m, "alpha_spirv_else", ALPHA__CTL_IF))) return;
    if (c->state) { alpha__spv_fail(m, ALPHA_ERR_STATE, "alpha_spirv_else: this if already has an else"); return; }
    if (m->cur_block) alpha_spirv_branch(m, c->merge);
    c->else_label = alpha__spv_new_id(m);
    if (m->err) return;
    m->fn_body.w[c->patch] = c->else_label;
    c->state = 1;
    alpha_spirv_label(m, c->else_label);
}
ALPHA_API void alpha_spirv_if_end(alpha_spirv_module *m) {
    alpha__spv_ctl *c;
    uint32_t merge;
    if (!m || !(c = alpha__spv_ctl_top(m, "alpha_spirv_if_end", ALPHA__CTL_IF))) return;
    merge = c->merge;
    if (m->cur_block) alpha_spirv_branch(m, merge);
    m->n_ctl--;
    alpha_spirv_label(m, merge);
}
ALPHA_API void alpha_spirv_loop_begin(alpha_spirv_module *m, alpha_spirv_loop *info) {
    alpha__spv_ctl *c;
    if (!m || m->err) return;
    c = alpha__spv_ctl_push(m, "alpha_spirv_loop_begin", ALPHA__CTL_LOOP);
    if (!c) return;
    c->lp.pre = m->cur_block;
    c->lp.header = alpha__spv_new_id(m);
    c->lp.body = alpha__spv_new_id(m);
    c->lp.cont = alpha__spv_new_id(m);
    c->lp.merge = alpha__spv_new_id(m);
    alpha_spirv_branch(m, c->lp.header);
    alpha_spirv_label(m, c->lp.header);
    if (info) *info = c->lp;
}
ALPHA_API void alpha_spirv_loop_while(alpha_spirv_module *m, uint32_t cond) {
    alpha__spv_ctl *c;
    if (!m || !(c = alpha__spv_ctl_top(m, "alpha_spirv_loop_while", ALPHA__CTL_LOOP))) return;
    if (c->state != 0) { alpha__spv_fail(m, ALPHA_ERR_STATE, "alpha_spirv_loop_while: call it once, in the loop header"); return; }
    if (!alpha__spv_need_bool(m, "alpha_spirv_loop_while (OpBranchConditional)", cond)) return;
    alpha_spirv_loop_merge(m, c->lp.merge, c->lp.cont, 0);
    alpha_spirv_branch_cond(m, cond, c->lp.body, c->lp.merge);
    c->state = 1;
    alpha_spirv_label(m, c->lp.body);
}
ALPHA_API void alpha_spirv_loop_body(alpha_spirv_module *m) {
    alpha__spv_ctl *c;
    if (!m || !(c = alpha__spv_ctl_top(m, "alpha_spirv_loop_body", ALPHA__CTL_LOOP))) return;
    if (c->state != 0) { alpha__spv_fail(m, ALPHA_ERR_STATE, "alpha_spirv_loop_body: call it once, in the loop header"); return; }
    alpha_spirv_loop_merge(m, c->lp.merge, c->lp.cont, 0);
    alpha_spirv_branch(m, c->lp.body);
    c->state = 1;
    alpha_spirv_label(m, c->lp.body);
}
ALPHA_API void alpha_spirv_loop_continue_block(alpha_spirv_module *m) {
    alpha__spv_ctl *c;
    if (!m || !(c = alpha__spv_ctl_top(m, "alpha_spirv_loop_continue_block", ALPHA__CTL_LOOP))) return;
    if (c->state == 0) alpha_spirv_loop_body(m);
    if (c->state == 2) { alpha__spv_fail(m, ALPHA_ERR_STATE, "alpha_spirv_loop_continue_block: the continue block is already open"); return; }
    if (m->cur_block) alpha_spirv_branch(m, c->lp.cont);
    c->state = 2;
    alpha_spirv_label(m, c->lp.cont);
}
ALPHA_API void alpha_spirv_loop_end(alpha_spirv_module *m) {
    alpha__spv_ctl *c;
    uint32_t merge;
    if (!m || !(c = alpha__spv_ctl_top(m, "alpha_spirv_loop_end", ALPHA__CTL_LOOP))) return;
    if (c->state < 2) alpha_spirv_loop_continue_block(m);
    if (c->is_for && m->cur_block) {
        uint32_t w[2];
        w[0] = c->var; w[1] = c->step;
        alpha__spv_emit(m, "alpha_spirv_for_end", ALPHA_SPIRV_OpIAdd, c->type, 1, c->next, 2, w);
    }
    if (m->cur_block) alpha_spirv_branch(m, c->lp.header);
    merge = c->lp.merge;
    m->n_ctl--;
    alpha_spirv_label(m, merge);
}
static alpha__spv_ctl *alpha__spv_inner_loop(alpha_spirv_module *m, const char *fn) {
    int i;
    if (m->err) return NULL;
    for (i = m->n_ctl - 1; i >= 0; i--)
        if (m->ctl[i].kind == ALPHA__CTL_LOOP) return &m->ctl[i];
    alpha__spv_fail(m, ALPHA_ERR_STATE, "%s: not inside a loop", fn);
    return NULL;
}
ALPHA_API void alpha_spirv_loop_break(alpha_spirv_module *m) {
    alpha__spv_ctl *c;
    if (m && (c = alpha__spv_inner_loop(m, "alpha_spirv_loop_break"))) alpha_spirv_branch(m, c->lp.merge);
}
ALPHA_API void alpha_spirv_loop_continue(alpha_spirv_module *m) {
    alpha__spv_ctl *c;
    if (m && (c = alpha__spv_inner_loop(m, "alpha_spirv_loop_continue"))) alpha_spirv_branch(m, c->lp.cont);
}
ALPHA_API uint32_t alpha_spirv_for_begin(alpha_spirv_module *m, uint32_t start, uint32_t end, uint32_t step) {
    alpha__spv_ctl *c;
    uint32_t t, w[4], cmp;
    char nm[96];
    if (!m || m->err) return 0;
    t = alpha__spv_type(m, start);
    if (alpha__spv_top(m, t) != ALPHA_SPIRV_OpTypeInt || alpha__spv_type(m, end) != t || alpha__spv_type(m, step) != t) {
        alpha__spv_tname(m, t, nm, sizeof nm);
        return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_for_begin: start %%%u (%s), end %%%u and step %%%u must have one integer scalar type",
                               (unsigned)start, nm, (unsigned)end, (unsigned)step);
    }
    alpha_spirv_loop_begin(m, NULL);
    if (m->err) return 0;
    c = &m->ctl[m->n_ctl - 1];
    c->is_for = 1;
    c->type = t;
    c->step = step;
    c->var = alpha__spv_new_id(m);
    c->next = alpha__spv_new_id(m);
    w[0] = start; w[1] = c->lp.pre; w[2] = c->next; w[3] = c->lp.cont;
    alpha__spv_emit(m, "alpha_spirv_for_begin", ALPHA_SPIRV_OpPhi, t, 1, c->var, 4, w);
    cmp = alpha_spirv_ilt(m, c->var, end);
    alpha_spirv_loop_while(m, cmp);
    return m->err ? 0 : c->var;
}
ALPHA_API void alpha_spirv_for_end(alpha_spirv_module *m) {
    if (m && m->n_ctl > 0 && !m->ctl[m->n_ctl - 1].is_for) { alpha__spv_fail(m, ALPHA_ERR_STATE, "alpha_spirv_for_end: the innermost construct is not a for loop"); return; }
    alpha_spirv_loop_end(m);
}

/* ---- instructions ---- */
static uint32_t alpha__spv_value_type(alpha_spirv_module *m, const char *fn, uint32_t op, uint32_t v) {
    uint32_t t;
    if (m->err) return 0;
    t = alpha__spv_type(m, v);
    if (!t || !alpha__spv_is_type(m, t)) {
        const char *nm = alpha_spirv_opcode_name(op);
        return alpha__spv_fail(m, ALPHA_ERR_INVALID, "%s (Op%s): %%%u is not a value with a type", fn, nm ? nm : "?", (unsigned)v);
    }
    return t;
}
static uint32_t alpha__spv_mismatch(alpha_spirv_module *m, const char *fn, uint32_t op, uint32_t bad, uint32_t ref, const char *want) {
    char a[96], b[96];
    const char *nm = alpha_spirv_opcode_name(op);
    alpha__spv_tname(m, alpha__spv_type(m, bad), a, sizeof a);
    alpha__spv_tname(m, alpha__spv_type(m, ref), b, sizeof b);
    return alpha__spv_fail(m, ALPHA_ERR_INVALID, "%s (Op%s): operand %%%u has type %s, expected %s like %%%u (%s)", fn, nm ? nm : "?",
                           (unsigned)bad, a, want, (unsigned)ref, b);
}
static int alpha__spv_is_cmp(uint32_t op) { return (op >= ALPHA_SPIRV_OpLogicalEqual && op <= ALPHA_SPIRV_OpFUnordGreaterThanEqual) || op == ALPHA_SPIRV_OpIsNan || op == ALPHA_SPIRV_OpIsInf; }
/* kind: 'f' float, 'i' integer (signedness may differ), 's' shift, 'b' bool, 0 anything equal */
static uint32_t alpha__spv_arith(alpha_spirv_module *m, const char *fn, uint32_t op, char kind, uint32_t a, uint32_t b) {
    uint32_t ta, tb, w[2], rt;
    if (!m || m->err) return 0;
    ta = alpha__spv_value_type(m, fn, op, a);
    tb = alpha__spv_value_type(m, fn, op, b);
    if (!ta || !tb) return 0;
    if (kind == 'f' && !alpha__spv_is_float(m, ta)) return alpha__spv_mismatch(m, fn, op, a, a, "a float scalar or vector type");
    if ((kind == 'i' || kind == 's') && !alpha__spv_is_int(m, ta)) return alpha__spv_mismatch(m, fn, op, a, a, "an integer scalar or vector type");
    if (kind == 'b' && !alpha__spv_is_bool(m, ta)) return alpha__spv_mismatch(m, fn, op, a, a, "a bool scalar or vector type");
    if (kind == 'i') {
        if (!alpha__spv_is_int(m, tb) || alpha__spv_width(m, ta) != alpha__spv_width(m, tb) || alpha__spv_veclen(m, ta) != alpha__spv_veclen(m, tb))
            return alpha__spv_mismatch(m, fn, op, b, a, "the same integer width and shape");
    } else if (kind == 's') {
        if (!alpha__spv_is_int(m, tb) || alpha__spv_veclen(m, ta) != alpha__spv_veclen(m, tb))
            return alpha__spv_mismatch(m, fn, op, b, a, "an integer type of the same shape");
    } else if (ta != tb) {
        return alpha__spv_mismatch(m, fn, op, b, a, "the same type");
    }
    rt = alpha__spv_is_cmp(op) ? alpha__spv_bool_like(m, ta) : ta;
    w[0] = a; w[1] = b;
    return alpha__spv_emit(m, fn, op, rt, 1, 0, 2, w);
}
ALPHA_API uint32_t alpha_spirv_binop(alpha_spirv_module *m, uint32_t op, uint32_t a, uint32_t b) { return alpha__spv_arith(m, "alpha_spirv_binop", op, 0, a, b); }
ALPHA_API uint32_t alpha_spirv_unop(alpha_spirv_module *m, uint32_t op, uint32_t a) {
    uint32_t t;
    if (!m || !(t = alpha__spv_value_type(m, "alpha_spirv_unop", op, a))) return 0;
    return alpha__spv_emit(m, "alpha_spirv_unop", op, alpha__spv_is_cmp(op) ? alpha__spv_bool_like(m, t) : t, 1, 0, 1, &a);
}
#define ALPHA__SPV_BIN(name, op, kind) \
    ALPHA_API uint32_t alpha_spirv_##name(alpha_spirv_module *m, uint32_t a, uint32_t b) { return alpha__spv_arith(m, "alpha_spirv_" #name, op, kind, a, b); }
ALPHA__SPV_BIN(iadd, ALPHA_SPIRV_OpIAdd, 'i')
ALPHA__SPV_BIN(isub, ALPHA_SPIRV_OpISub, 'i')
ALPHA__SPV_BIN(imul, ALPHA_SPIRV_OpIMul, 'i')
ALPHA__SPV_BIN(udiv, ALPHA_SPIRV_OpUDiv, 'i')
ALPHA__SPV_BIN(sdiv, ALPHA_SPIRV_OpSDiv, 'i')
ALPHA__SPV_BIN(umod, ALPHA_SPIRV_OpUMod, 'i')
ALPHA__SPV_BIN(srem, ALPHA_SPIRV_OpSRem, 'i')
ALPHA__SPV_BIN(fadd, ALPHA_SPIRV_OpFAdd, 'f')
ALPHA__SPV_BIN(fsub, ALPHA_SPIRV_OpFSub, 'f')
ALPHA__SPV_BIN(fmul, ALPHA_SPIRV_OpFMul, 'f')
ALPHA__SPV_BIN(fdiv, ALPHA_SPIRV_OpFDiv, 'f')
ALPHA__SPV_BIN(shl, ALPHA_SPIRV_OpShiftLeftLogical, 's')
ALPHA__SPV_BIN(band, ALPHA_SPIRV_OpBitwiseAnd, 'i')
ALPHA__SPV_BIN(bor, ALPHA_SPIRV_OpBitwiseOr, 'i')
ALPHA__SPV_BIN(bxor, ALPHA_SPIRV_OpBitwiseXor, 'i')
ALPHA__SPV_BIN(ieq, ALPHA_SPIRV_OpIEqual, 'i')
ALPHA__SPV_BIN(ine, ALPHA_SPIRV_OpINotEqual, 'i')
ALPHA__SPV_BIN(flt, ALPHA_SPIRV_OpFOrdLessThan, 'f')
ALPHA__SPV_BIN(fle, ALPHA_SPIRV_OpFOrdLessThanEqual, 'f')
ALPHA__SPV_BIN(fgt, ALPHA_SPIRV_OpFOrdGreaterThan, 'f')
ALPHA__SPV_BIN(fge, ALPHA_SPIRV_OpFOrdGreaterThanEqual, 'f')
ALPHA__SPV_BIN(feq, ALPHA_SPIRV_OpFOrdEqual, 'f')
ALPHA__SPV_BIN(land, ALPHA_SPIRV_OpLogicalAnd, 'b')
ALPHA__SPV_BIN(lor, ALPHA_SPIRV_OpLogicalOr, 'b')
static uint32_t alpha__spv_signed_pick(alpha_spirv_module *m, const char *fn, uint32_t s_op, uint32_t u_op, char kind, uint32_t a, uint32_t b) {
    if (!m || m->err) return 0;
    return alpha__spv_arith(m, fn, alpha__spv_is_signed(m, alpha__spv_type(m, a)) ? s_op : u_op, kind, a, b);
}
ALPHA_API uint32_t alpha_spirv_shr(alpha_spirv_module *m, uint32_t a, uint32_t b) {
    return alpha__spv_signed_pick(m, "alpha_spirv_shr", ALPHA_SPIRV_OpShiftRightArithmetic, ALPHA_SPIRV_OpShiftRightLogical, 's', a, b);
}
ALPHA_API uint32_t alpha_spirv_ilt(alpha_spirv_module *m, uint32_t a, uint32_t b) {
    return alpha__spv_signed_pick(m, "alpha_spirv_ilt", ALPHA_SPIRV_OpSLessThan, ALPHA_SPIRV_OpULessThan, 'i', a, b);
}
ALPHA_API uint32_t alpha_spirv_ile(alpha_spirv_module *m, uint32_t a, uint32_t b) {
    return alpha__spv_signed_pick(m, "alpha_spirv_ile", ALPHA_SPIRV_OpSLessThanEqual, ALPHA_SPIRV_OpULessThanEqual, 'i', a, b);
}
ALPHA_API uint32_t alpha_spirv_igt(alpha_spirv_module *m, uint32_t a, uint32_t b) {
    return alpha__spv_signed_pick(m, "alpha_spirv_igt", ALPHA_SPIRV_OpSGreaterThan, ALPHA_SPIRV_OpUGreaterThan, 'i', a, b);
}
ALPHA_API uint32_t alpha_spirv_ige(alpha_spirv_module *m, uint32_t a, uint32_t b) {
    return alpha__spv_signed_pick(m, "alpha_spirv_ige", ALPHA_SPIRV_OpSGreaterThanEqual, ALPHA_SPIRV_OpUGreaterThanEqual, 'i', a, b);
}
ALPHA_API uint32_t alpha_spirv_fneg(alpha_spirv_module *m, uint32_t a) {
    if (!m || m->err) return 0;
    if (!alpha__spv_is_float(m, alpha__spv_type(m, a))) return alpha__spv_mismatch(m, "alpha_spirv_fneg", ALPHA_SPIRV_OpFNegate, a, a, "a float type");
    return alpha_spirv_unop(m, ALPHA_SPIRV_OpFNegate, a);
}
ALPHA_API uint32_t alpha_spirv_lnot(alpha_spirv_module *m, uint32_t a) {
    if (!m || m->err) return 0;
    if (!alpha__spv_is_bool(m, alpha__spv_type(m, a))) return alpha__spv_mismatch(m, "alpha_spirv_lnot", ALPHA_SPIRV_OpLogicalNot, a, a, "a bool type");
    return alpha_spirv_unop(m, ALPHA_SPIRV_OpLogicalNot, a);
}
ALPHA_API uint32_t alpha_spirv_select(alpha_spirv_module *m, uint32_t cond, uint32_t a, uint32_t b) {
    uint32_t tc, ta, w[3];
    if (!m || m->err) return 0;
    tc = alpha__spv_value_type(m, "alpha_spirv_select", ALPHA_SPIRV_OpSelect, cond);
    ta = alpha__spv_value_type(m, "alpha_spirv_select", ALPHA_SPIRV_OpSelect, a);
    if (!tc || !ta) return 0;
    if (!alpha__spv_is_bool(m, tc)) return alpha__spv_mismatch(m, "alpha_spirv_select", ALPHA_SPIRV_OpSelect, cond, cond, "bool");
    if (alpha__spv_type(m, b) != ta) return alpha__spv_mismatch(m, "alpha_spirv_select", ALPHA_SPIRV_OpSelect, b, a, "the same type");
    w[0] = cond; w[1] = a; w[2] = b;
    return alpha__spv_emit(m, "alpha_spirv_select", ALPHA_SPIRV_OpSelect, ta, 1, 0, 3, w);
}
ALPHA_API uint32_t alpha_spirv_bitcast(alpha_spirv_module *m, uint32_t type, uint32_t v) {
    if (!m || !alpha__spv_need_type(m, "alpha_spirv_bitcast (OpBitcast)", type)) return 0;
    if (!alpha__spv_value_type(m, "alpha_spirv_bitcast", ALPHA_SPIRV_OpBitcast, v)) return 0;
    return alpha__spv_emit(m, "alpha_spirv_bitcast", ALPHA_SPIRV_OpBitcast, type, 1, 0, 1, &v);
}
ALPHA_API uint32_t alpha_spirv_cast(alpha_spirv_module *m, uint32_t to, uint32_t v) {
    uint32_t from, op;
    int ff, ft, fi, ti;
    char a[96], b[96];
    if (!m || !alpha__spv_need_type(m, "alpha_spirv_cast", to)) return 0;
    from = alpha__spv_value_type(m, "alpha_spirv_cast", ALPHA_SPIRV_OpFConvert, v);
    if (!from) return 0;
    if (from == to) return v;
    ff = alpha__spv_is_float(m, from); ft = alpha__spv_is_float(m, to);
    fi = alpha__spv_is_int(m, from); ti = alpha__spv_is_int(m, to);
    if (!(ff || fi) || !(ft || ti) || alpha__spv_veclen(m, from) != alpha__spv_veclen(m, to)) {
        alpha__spv_tname(m, from, a, sizeof a);
        alpha__spv_tname(m, to, b, sizeof b);
        return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_cast: cannot convert %%%u from %s to %s", (unsigned)v, a, b);
    }
    if (ff && ft) op = ALPHA_SPIRV_OpFConvert;
    else if (ff) op = alpha__spv_is_signed(m, to) ? ALPHA_SPIRV_OpConvertFToS : ALPHA_SPIRV_OpConvertFToU;
    else if (ft) op = alpha__spv_is_signed(m, from) ? ALPHA_SPIRV_OpConvertSToF : ALPHA_SPIRV_OpConvertUToF;
    else if (alpha__spv_width(m, from) == alpha__spv_width(m, to)) op = ALPHA_SPIRV_OpBitcast;
    else if (alpha__spv_is_signed(m, from)) op = ALPHA_SPIRV_OpSConvert;
    else if (!alpha__spv_is_signed(m, to)) op = ALPHA_SPIRV_OpUConvert;
    else { /* unsigned to signed of another width: widen/narrow unsigned, then reinterpret */
        uint32_t u = alpha_spirv_type_int(m, alpha__spv_width(m, to), 0);
        if (alpha__spv_veclen(m, to) > 1) u = alpha_spirv_type_vector(m, u, alpha__spv_veclen(m, to));
        return alpha_spirv_bitcast(m, to, alpha__spv_emit(m, "alpha_spirv_cast", ALPHA_SPIRV_OpUConvert, u, 1, 0, 1, &v));
    }
    return alpha__spv_emit(m, "alpha_spirv_cast", op, to, 1, 0, 1, &v);
}
ALPHA_API uint32_t alpha_spirv_construct(alpha_spirv_module *m, uint32_t type, int n, const uint32_t *parts) {
    return alpha__spv_composite(m, "alpha_spirv_construct (OpCompositeConstruct)", ALPHA_SPIRV_OpCompositeConstruct, type, n, parts, 0);
}
static uint32_t alpha__spv_member_type(alpha_spirv_module *m, const char *fn, uint32_t t, uint32_t idx_value, int have_value) {
    uint32_t op = alpha__spv_top(m, t);
    char nm[96];
    switch (op) {
    case ALPHA_SPIRV_OpTypeVector: case ALPHA_SPIRV_OpTypeMatrix: case ALPHA_SPIRV_OpTypeArray: case ALPHA_SPIRV_OpTypeRuntimeArray:
    case ALPHA_SPIRV_OpTypeCooperativeMatrixKHR: case ALPHA_SPIRV_OpTypeCooperativeMatrixNV:
        return alpha__spv_arg(m, t, 0);
    case ALPHA_SPIRV_OpTypeStruct:
        if (!have_value) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "%s: struct %%%u needs a constant integer index", fn, (unsigned)t);
        if (idx_value >= alpha__spv_rec(m, t)[3])
            return alpha__spv_fail(m, ALPHA_ERR_INVALID, "%s: struct %%%u has no member %u", fn, (unsigned)t, (unsigned)idx_value);
        return alpha__spv_arg(m, t, idx_value);
    default:
        alpha__spv_tname(m, t, nm, sizeof nm);
        return alpha__spv_fail(m, ALPHA_ERR_INVALID, "%s: cannot index into %s", fn, nm);
    }
}
ALPHA_API uint32_t alpha_spirv_extract(alpha_spirv_module *m, uint32_t comp, uint32_t index) {
    uint32_t t, rt, w[2];
    if (!m || !(t = alpha__spv_value_type(m, "alpha_spirv_extract", ALPHA_SPIRV_OpCompositeExtract, comp))) return 0;
    rt = alpha__spv_member_type(m, "alpha_spirv_extract (OpCompositeExtract)", t, index, 1);
    if (!rt) return 0;
    w[0] = comp; w[1] = index;
    return alpha__spv_emit(m, "alpha_spirv_extract", ALPHA_SPIRV_OpCompositeExtract, rt, 1, 0, 2, w);
}
ALPHA_API uint32_t alpha_spirv_insert(alpha_spirv_module *m, uint32_t obj, uint32_t comp, uint32_t index) {
    uint32_t t, w[3];
    if (!m || !(t = alpha__spv_value_type(m, "alpha_spirv_insert", ALPHA_SPIRV_OpCompositeInsert, comp))) return 0;
    if (alpha__spv_member_type(m, "alpha_spirv_insert (OpCompositeInsert)", t, index, 1) != alpha__spv_type(m, obj))
        return m->err ? 0 : alpha__spv_mismatch(m, "alpha_spirv_insert", ALPHA_SPIRV_OpCompositeInsert, obj, comp, "the member type of the composite");
    w[0] = obj; w[1] = comp; w[2] = index;
    return alpha__spv_emit(m, "alpha_spirv_insert", ALPHA_SPIRV_OpCompositeInsert, t, 1, 0, 3, w);
}
ALPHA_API uint32_t alpha_spirv_shuffle(alpha_spirv_module *m, uint32_t a, uint32_t b, int n, const uint32_t *comps) {
    uint32_t t, w[18];
    int i;
    if (!m || !(t = alpha__spv_value_type(m, "alpha_spirv_shuffle", ALPHA_SPIRV_OpVectorShuffle, a))) return 0;
    if (alpha__spv_top(m, t) != ALPHA_SPIRV_OpTypeVector || alpha__spv_type(m, b) == 0 ||
        alpha__spv_scalar(m, alpha__spv_type(m, b)) != alpha__spv_scalar(m, t))
        return alpha__spv_mismatch(m, "alpha_spirv_shuffle", ALPHA_SPIRV_OpVectorShuffle, b, a, "vectors of one component type");
    if (n < 2 || n > 4 || !comps) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_shuffle (OpVectorShuffle): 2..4 components");
    w[0] = a; w[1] = b;
    for (i = 0; i < n; i++) w[2 + i] = comps[i];
    return alpha__spv_emit(m, "alpha_spirv_shuffle", ALPHA_SPIRV_OpVectorShuffle, alpha_spirv_type_vector(m, alpha__spv_scalar(m, t), (uint32_t)n),
                           1, 0, (size_t)n + 2, w);
}
ALPHA_API uint32_t alpha_spirv_dot(alpha_spirv_module *m, uint32_t a, uint32_t b) {
    uint32_t t, w[2];
    if (!m || !(t = alpha__spv_value_type(m, "alpha_spirv_dot", ALPHA_SPIRV_OpDot, a))) return 0;
    if (alpha__spv_top(m, t) != ALPHA_SPIRV_OpTypeVector || !alpha__spv_is_float(m, t))
        return alpha__spv_mismatch(m, "alpha_spirv_dot", ALPHA_SPIRV_OpDot, a, a, "a float vector");
    if (alpha__spv_type(m, b) != t) return alpha__spv_mismatch(m, "alpha_spirv_dot", ALPHA_SPIRV_OpDot, b, a, "the same type");
    w[0] = a; w[1] = b;
    return alpha__spv_emit(m, "alpha_spirv_dot", ALPHA_SPIRV_OpDot, alpha__spv_scalar(m, t), 1, 0, 2, w);
}
/* pointer type of a value: 0 (and an error) if not a pointer */
static uint32_t alpha__spv_ptr_type(alpha_spirv_module *m, const char *fn, uint32_t op, uint32_t p) {
    uint32_t t = alpha__spv_value_type(m, fn, op, p);
    if (!t) return 0;
    if (alpha__spv_top(m, t) != ALPHA_SPIRV_OpTypePointer) return alpha__spv_mismatch(m, fn, op, p, p, "a pointer");
    return t;
}
static uint32_t alpha__spv_natural_align(alpha_spirv_module *m, uint32_t t) {
    uint32_t w = alpha__spv_width(m, t);
    return w >= 8 ? w / 8 : 4;
}
ALPHA_API uint32_t alpha_spirv_load_aligned(alpha_spirv_module *m, uint32_t p, uint32_t bytes) {
    uint32_t pt, w[3];
    if (!m || !(pt = alpha__spv_ptr_type(m, "alpha_spirv_load_aligned", ALPHA_SPIRV_OpLoad, p))) return 0;
    if (bytes == 0 || (bytes & (bytes - 1)))
        return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_load_aligned: alignment %u is not a power of two", (unsigned)bytes);
    w[0] = p; w[1] = ALPHA_SPIRV_MemoryAccessAligned; w[2] = bytes;
    return alpha__spv_emit(m, "alpha_spirv_load_aligned", ALPHA_SPIRV_OpLoad, alpha__spv_arg(m, pt, 1), 1, 0, 3, w);
}
ALPHA_API uint32_t alpha_spirv_load(alpha_spirv_module *m, uint32_t p) {
    uint32_t pt, w[3], pointee;
    if (!m || !(pt = alpha__spv_ptr_type(m, "alpha_spirv_load", ALPHA_SPIRV_OpLoad, p))) return 0;
    pointee = alpha__spv_arg(m, pt, 1);
    w[0] = p;
    if (alpha__spv_arg(m, pt, 0) == ALPHA_SPIRV_StorageClassPhysicalStorageBuffer) {
        w[1] = ALPHA_SPIRV_MemoryAccessAligned; w[2] = alpha__spv_natural_align(m, pointee);
        return alpha__spv_emit(m, "alpha_spirv_load", ALPHA_SPIRV_OpLoad, pointee, 1, 0, 3, w);
    }
    return alpha__spv_emit(m, "alpha_spirv_load", ALPHA_SPIRV_OpLoad, pointee, 1, 0, 1, w);
}
static void alpha__spv_store(alpha_spirv_module *m, uint32_t p, uint32_t v, uint32_t align) {
    uint32_t pt, w[4], pointee;
    char a[96], b[96];
    if (!m || !(pt = alpha__spv_ptr_type(m, "alpha_spirv_store", ALPHA_SPIRV_OpStore, p))) return;
    pointee = alpha__spv_arg(m, pt, 1);
    if (!alpha__spv_value_type(m, "alpha_spirv_store", ALPHA_SPIRV_OpStore, v)) return;
    if (alpha__spv_type(m, v) != pointee) {
        alpha__spv_tname(m, alpha__spv_type(m, v), a, sizeof a);
        alpha__spv_tname(m, pointee, b, sizeof b);
        alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_store (OpStore): value %%%u has type %s but pointer %%%u points to %s", (unsigned)v, a, (unsigned)p, b);
        return;
    }
    w[0] = p; w[1] = v;
    if (align || alpha__spv_arg(m, pt, 0) == ALPHA_SPIRV_StorageClassPhysicalStorageBuffer) {
        w[2] = ALPHA_SPIRV_MemoryAccessAligned; w[3] = align ? align : alpha__spv_natural_align(m, pointee);
        alpha__spv_emit(m, "alpha_spirv_store", ALPHA_SPIRV_OpStore, 0, 0, 0, 4, w);
        return;
    }
    alpha__spv_emit(m, "alpha_spirv_store", ALPHA_SPIRV_OpStore, 0, 0, 0, 2, w);
}
ALPHA_API void alpha_spirv_store(alpha_spirv_module *m, uint32_t p, uint32_t v) { alpha__spv_store(m, p, v, 0); }
ALPHA_API void alpha_spirv_store_aligned(alpha_spirv_module *m, uint32_t p, uint32_t v, uint32_t bytes) {
    if (m && (bytes == 0 || (bytes & (bytes - 1)))) {
        alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_store_aligned: alignment %u is not a power of two", (unsigned)bytes);
        return;
    }
    alpha__spv_store(m, p, v, bytes);
}
ALPHA_API uint32_t alpha_spirv_access_chain(alpha_spirv_module *m, uint32_t base, int n, const uint32_t *idx) {
    uint32_t pt, t, w[33];
    int i;
    if (!m || !(pt = alpha__spv_ptr_type(m, "alpha_spirv_access_chain", ALPHA_SPIRV_OpAccessChain, base))) return 0;
    if (n < 0 || n > 32 || (n && !idx)) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_access_chain (OpAccessChain): 0..32 indices");
    t = alpha__spv_arg(m, pt, 1);
    w[0] = base;
    for (i = 0; i < n; i++) {
        uint64_t v = 0;
        int have = alpha__spv_const_value(m, idx[i], &v);
        if (!alpha__spv_is_int(m, alpha__spv_type(m, idx[i])) || alpha__spv_top(m, alpha__spv_type(m, idx[i])) != ALPHA_SPIRV_OpTypeInt)
            return alpha__spv_mismatch(m, "alpha_spirv_access_chain", ALPHA_SPIRV_OpAccessChain, idx[i], idx[i], "an integer scalar index");
        t = alpha__spv_member_type(m, "alpha_spirv_access_chain (OpAccessChain)", t, (uint32_t)v, have);
        if (!t) return 0;
        w[1 + i] = idx[i];
    }
    return alpha__spv_emit(m, "alpha_spirv_access_chain", ALPHA_SPIRV_OpAccessChain, alpha_spirv_type_pointer(m, alpha__spv_arg(m, pt, 0), t),
                           1, 0, (size_t)n + 1, w);
}
ALPHA_API uint32_t alpha_spirv_access(alpha_spirv_module *m, uint32_t base, int n, ...) {
    uint32_t idx[32];
    int i;
    va_list ap;
    if (!m || m->err) return 0;
    if (n < 0 || n > 32) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_access: 0..32 indices");
    va_start(ap, n);
    for (i = 0; i < n; i++) idx[i] = (uint32_t)va_arg(ap, unsigned);
    va_end(ap);
    return alpha_spirv_access_chain(m, base, n, idx);
}
ALPHA_API uint32_t alpha_spirv_glsl_typed(alpha_spirv_module *m, uint32_t type, uint32_t inst, int n, const uint32_t *args) {
    uint32_t w[10];
    int i;
    const alpha__spv_glsldef *g = NULL;
    if (!m || !alpha__spv_need_type(m, "alpha_spirv_glsl (OpExtInst)", type)) return 0;
    for (i = 0; i < ALPHA__SPV_COUNT(alpha__spv_glsl); i++)
        if (alpha__spv_glsl[i].inst == inst) g = &alpha__spv_glsl[i];
    if (!g) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_glsl (OpExtInst): %u is not a GLSL.std.450 instruction", (unsigned)inst);
    if (n != g->nargs || (n && !args))
        return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_glsl (OpExtInst GLSL.std.450 %s): %d arguments, expected %d", g->name, n, g->nargs);
    if (!m->glsl) m->glsl = alpha_spirv_import(m, "GLSL.std.450");
    w[0] = m->glsl; w[1] = inst;
    for (i = 0; i < n; i++) {
        if (!alpha__spv_value_type(m, "alpha_spirv_glsl", ALPHA_SPIRV_OpExtInst, args[i])) return 0;
        w[2 + i] = args[i];
    }
    return alpha__spv_emit(m, "alpha_spirv_glsl", ALPHA_SPIRV_OpExtInst, type, 1, 0, (size_t)n + 2, w);
}
ALPHA_API uint32_t alpha_spirv_glsl(alpha_spirv_module *m, uint32_t inst, int n, ...) {
    uint32_t args[8];
    int i;
    va_list ap;
    if (!m || m->err) return 0;
    if (n < 1 || n > 8) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_glsl: 1..8 arguments");
    va_start(ap, n);
    for (i = 0; i < n; i++) args[i] = (uint32_t)va_arg(ap, unsigned);
    va_end(ap);
    return alpha_spirv_glsl_typed(m, alpha__spv_type(m, args[0]), inst, n, args);
}
ALPHA_API void alpha_spirv_control_barrier(alpha_spirv_module *m, uint32_t exec_scope, uint32_t mem_scope, uint32_t semantics) {
    uint32_t w[3];
    if (!m || m->err) return;
    w[0] = alpha_spirv_const_u32(m, exec_scope); w[1] = alpha_spirv_const_u32(m, mem_scope); w[2] = alpha_spirv_const_u32(m, semantics);
    alpha__spv_emit(m, "alpha_spirv_control_barrier", ALPHA_SPIRV_OpControlBarrier, 0, 0, 0, 3, w);
}
ALPHA_API void alpha_spirv_memory_barrier(alpha_spirv_module *m, uint32_t mem_scope, uint32_t semantics) {
    uint32_t w[2];
    if (!m || m->err) return;
    w[0] = alpha_spirv_const_u32(m, mem_scope); w[1] = alpha_spirv_const_u32(m, semantics);
    alpha__spv_emit(m, "alpha_spirv_memory_barrier", ALPHA_SPIRV_OpMemoryBarrier, 0, 0, 0, 2, w);
}
ALPHA_API void alpha_spirv_workgroup_barrier(alpha_spirv_module *m) {
    alpha_spirv_control_barrier(m, ALPHA_SPIRV_ScopeWorkgroup, ALPHA_SPIRV_ScopeWorkgroup,
                                ALPHA_SPIRV_MemorySemanticsAcquireRelease | ALPHA_SPIRV_MemorySemanticsWorkgroupMemory);
}
static uint32_t alpha__spv_atomic_pointee(alpha_spirv_module *m, const char *fn, uint32_t op, uint32_t p, uint32_t value) {
    uint32_t pt = alpha__spv_ptr_type(m, fn, op, p), t;
    if (!pt) return 0;
    t = alpha__spv_arg(m, pt, 1);
    if (alpha__spv_top(m, t) != ALPHA_SPIRV_OpTypeInt && alpha__spv_top(m, t) != ALPHA_SPIRV_OpTypeFloat)
        return alpha__spv_mismatch(m, fn, op, p, p, "a pointer to an integer or float scalar");
    if (value && alpha__spv_type(m, value) != t) {
        char a[96], b[96];
        alpha__spv_tname(m, alpha__spv_type(m, value), a, sizeof a);
        alpha__spv_tname(m, t, b, sizeof b);
        return alpha__spv_fail(m, ALPHA_ERR_INVALID, "%s (Op%s): value %%%u has type %s but pointer %%%u points to %s", fn,
                               alpha_spirv_opcode_name(op) ? alpha_spirv_opcode_name(op) : "?", (unsigned)value, a, (unsigned)p, b);
    }
    if (alpha__spv_width(m, t) == 64 && alpha__spv_top(m, t) == ALPHA_SPIRV_OpTypeInt) alpha__spv_auto_cap(m, ALPHA_SPIRV_CapabilityInt64Atomics);
    return t;
}
ALPHA_API uint32_t alpha_spirv_atomic(alpha_spirv_module *m, uint32_t op, uint32_t p, uint32_t scope, uint32_t semantics, uint32_t value) {
    uint32_t t, w[4];
    if (!m || m->err) return 0;
    t = alpha__spv_atomic_pointee(m, "alpha_spirv_atomic", op, p, value);
    if (!t) return 0;
    if (op == ALPHA_SPIRV_OpAtomicFAddEXT) {
        uint32_t wd = alpha__spv_width(m, t);
        alpha__spv_auto_cap(m, wd == 16 ? ALPHA_SPIRV_CapabilityAtomicFloat16AddEXT : wd == 64 ? ALPHA_SPIRV_CapabilityAtomicFloat64AddEXT
                                                                                             : ALPHA_SPIRV_CapabilityAtomicFloat32AddEXT);
        alpha__spv_auto_ext(m, wd == 16 ? "SPV_EXT_shader_atomic_float16_add" : "SPV_EXT_shader_atomic_float_add", 0);
    } else if (op == ALPHA_SPIRV_OpAtomicFMinEXT || op == ALPHA_SPIRV_OpAtomicFMaxEXT) {
        uint32_t wd = alpha__spv_width(m, t);
        alpha__spv_auto_cap(m, wd == 16 ? ALPHA_SPIRV_CapabilityAtomicFloat16MinMaxEXT : wd == 64 ? ALPHA_SPIRV_CapabilityAtomicFloat64MinMaxEXT
                                                                                                : ALPHA_SPIRV_CapabilityAtomicFloat32MinMaxEXT);
        alpha__spv_auto_ext(m, "SPV_EXT_shader_atomic_float_min_max", 0);
    }
    w[0] = p; w[1] = alpha_spirv_const_u32(m, scope); w[2] = alpha_spirv_const_u32(m, semantics); w[3] = value;
    return alpha__spv_emit(m, "alpha_spirv_atomic", op, t, 1, 0, value ? 4 : 3, w);
}
ALPHA_API uint32_t alpha_spirv_atomic_cmpxchg(alpha_spirv_module *m, uint32_t p, uint32_t scope, uint32_t eq, uint32_t neq, uint32_t value, uint32_t cmp) {
    uint32_t t, w[6];
    if (!m || m->err) return 0;
    t = alpha__spv_atomic_pointee(m, "alpha_spirv_atomic_cmpxchg", ALPHA_SPIRV_OpAtomicCompareExchange, p, value);
    if (!t || !alpha__spv_atomic_pointee(m, "alpha_spirv_atomic_cmpxchg", ALPHA_SPIRV_OpAtomicCompareExchange, p, cmp)) return 0;
    w[0] = p; w[1] = alpha_spirv_const_u32(m, scope); w[2] = alpha_spirv_const_u32(m, eq); w[3] = alpha_spirv_const_u32(m, neq);
    w[4] = value; w[5] = cmp;
    return alpha__spv_emit(m, "alpha_spirv_atomic_cmpxchg", ALPHA_SPIRV_OpAtomicCompareExchange, t, 1, 0, 6, w);
}
ALPHA_API uint32_t alpha_spirv_atomic_load(alpha_spirv_module *m, uint32_t p, uint32_t scope, uint32_t semantics) {
    return alpha_spirv_atomic(m, ALPHA_SPIRV_OpAtomicLoad, p, scope, semantics, 0);
}
ALPHA_API void alpha_spirv_atomic_store(alpha_spirv_module *m, uint32_t p, uint32_t scope, uint32_t semantics, uint32_t value) {
    uint32_t w[4];
    if (!m || m->err) return;
    if (!alpha__spv_atomic_pointee(m, "alpha_spirv_atomic_store", ALPHA_SPIRV_OpAtomicStore, p, value)) return;
    w[0] = p; w[1] = alpha_spirv_const_u32(m, scope); w[2] = alpha_spirv_const_u32(m, semantics); w[3] = value;
    alpha__spv_emit(m, "alpha_spirv_atomic_store", ALPHA_SPIRV_OpAtomicStore, 0, 0, 0, 4, w);
}
static uint32_t alpha__spv_subgroup(alpha_spirv_module *m, const char *fn, uint32_t op, uint32_t cap, uint32_t type, int n, uint32_t a0, uint32_t a1) {
    uint32_t w[3];
    if (!m || m->err) return 0;
    if (!type) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "%s: %%%u is not a value with a type", fn, (unsigned)a0);
    alpha__spv_auto_cap(m, ALPHA_SPIRV_CapabilityGroupNonUniform);
    alpha__spv_auto_cap(m, cap);
    w[0] = alpha_spirv_const_u32(m, ALPHA_SPIRV_ScopeSubgroup); w[1] = a0; w[2] = a1;
    return alpha__spv_emit(m, fn, op, type, 1, 0, (size_t)n + 1, w);
}
ALPHA_API uint32_t alpha_spirv_subgroup_arith(alpha_spirv_module *m, uint32_t op, uint32_t group_operation, uint32_t value) {
    uint32_t w[3], t;
    if (!m || !(t = alpha__spv_value_type(m, "alpha_spirv_subgroup_arith", op, value))) return 0;
    if (group_operation > ALPHA_SPIRV_GroupOperationExclusiveScan)
        return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_subgroup_arith: group operation %u (Reduce, InclusiveScan, ExclusiveScan)", (unsigned)group_operation);
    alpha__spv_auto_cap(m, ALPHA_SPIRV_CapabilityGroupNonUniform);
    alpha__spv_auto_cap(m, ALPHA_SPIRV_CapabilityGroupNonUniformArithmetic);
    w[0] = alpha_spirv_const_u32(m, ALPHA_SPIRV_ScopeSubgroup); w[1] = group_operation; w[2] = value;
    return alpha__spv_emit(m, "alpha_spirv_subgroup_arith", op, t, 1, 0, 3, w);
}
ALPHA_API uint32_t alpha_spirv_subgroup_reduce(alpha_spirv_module *m, uint32_t op, uint32_t value) {
    return alpha_spirv_subgroup_arith(m, op, ALPHA_SPIRV_GroupOperationReduce, value);
}
ALPHA_API uint32_t alpha_spirv_subgroup_broadcast(alpha_spirv_module *m, uint32_t value, uint32_t lane) {
    return alpha__spv_subgroup(m, "alpha_spirv_subgroup_broadcast", ALPHA_SPIRV_OpGroupNonUniformBroadcast, ALPHA_SPIRV_CapabilityGroupNonUniformBallot,
                               m ? alpha__spv_type(m, value) : 0, 2, value, lane);
}
ALPHA_API uint32_t alpha_spirv_subgroup_broadcast_first(alpha_spirv_module *m, uint32_t value) {
    return alpha__spv_subgroup(m, "alpha_spirv_subgroup_broadcast_first", ALPHA_SPIRV_OpGroupNonUniformBroadcastFirst,
                               ALPHA_SPIRV_CapabilityGroupNonUniformBallot, m ? alpha__spv_type(m, value) : 0, 1, value, 0);
}
ALPHA_API uint32_t alpha_spirv_subgroup_shuffle(alpha_spirv_module *m, uint32_t value, uint32_t lane) {
    return alpha__spv_subgroup(m, "alpha_spirv_subgroup_shuffle", ALPHA_SPIRV_OpGroupNonUniformShuffle, ALPHA_SPIRV_CapabilityGroupNonUniformShuffle,
                               m ? alpha__spv_type(m, value) : 0, 2, value, lane);
}
ALPHA_API uint32_t alpha_spirv_subgroup_shuffle_xor(alpha_spirv_module *m, uint32_t value, uint32_t mask) {
    return alpha__spv_subgroup(m, "alpha_spirv_subgroup_shuffle_xor", ALPHA_SPIRV_OpGroupNonUniformShuffleXor, ALPHA_SPIRV_CapabilityGroupNonUniformShuffle,
                               m ? alpha__spv_type(m, value) : 0, 2, value, mask);
}
ALPHA_API uint32_t alpha_spirv_subgroup_ballot(alpha_spirv_module *m, uint32_t predicate) {
    if (!m || !alpha__spv_need_bool(m, "alpha_spirv_subgroup_ballot (OpGroupNonUniformBallot)", predicate)) return 0;
    return alpha__spv_subgroup(m, "alpha_spirv_subgroup_ballot", ALPHA_SPIRV_OpGroupNonUniformBallot, ALPHA_SPIRV_CapabilityGroupNonUniformBallot,
                               alpha_spirv_type_vector(m, alpha_spirv_type_u32(m), 4), 1, predicate, 0);
}
ALPHA_API uint32_t alpha_spirv_subgroup_elect(alpha_spirv_module *m) {
    uint32_t w[1];
    if (!m || m->err) return 0;
    alpha__spv_auto_cap(m, ALPHA_SPIRV_CapabilityGroupNonUniform);
    w[0] = alpha_spirv_const_u32(m, ALPHA_SPIRV_ScopeSubgroup);
    return alpha__spv_emit(m, "alpha_spirv_subgroup_elect", ALPHA_SPIRV_OpGroupNonUniformElect, alpha_spirv_type_bool(m), 1, 0, 1, w);
}

/* ---- cooperative matrices ---- */
static int alpha__spv_need_coop(alpha_spirv_module *m, const char *fn, uint32_t t, uint32_t op) {
    char nm[96];
    if (m->err) return 0;
    if (alpha__spv_top(m, t) == op) return 1;
    alpha__spv_tname(m, t, nm, sizeof nm);
    alpha__spv_fail(m, ALPHA_ERR_INVALID, "%s: %s is not a %s cooperative matrix type", fn, nm, op == ALPHA_SPIRV_OpTypeCooperativeMatrixKHR ? "KHR" : "NV");
    return 0;
}
/* the memory operands after a cooperative-matrix load's or store's stride (w[n], w[n + 1]):
   through a PhysicalStorageBuffer pointer, Aligned with the pointee's natural alignment, which
   that storage class requires (the stride must then be given: the operands follow it); pt: the
   pointer's type */
static int alpha__spv_coop_mem(alpha_spirv_module *m, const char *fn, uint32_t pt, uint32_t stride, uint32_t *w, int n) {
    if (alpha__spv_arg(m, pt, 0) != ALPHA_SPIRV_StorageClassPhysicalStorageBuffer) return n;
    if (!stride) { alpha__spv_fail(m, ALPHA_ERR_INVALID, "%s: a PhysicalStorageBuffer pointer needs a stride (Aligned follows it)", fn); return -1; }
    w[n] = ALPHA_SPIRV_MemoryAccessAligned; w[n + 1] = alpha__spv_natural_align(m, alpha__spv_arg(m, pt, 1));
    return n + 2;
}
ALPHA_API uint32_t alpha_spirv_coopmat_load(alpha_spirv_module *m, uint32_t type, uint32_t p, uint32_t layout, uint32_t stride) {
    uint32_t w[5], pt;
    int n;
    if (!m || !alpha__spv_need_coop(m, "alpha_spirv_coopmat_load (OpCooperativeMatrixLoadKHR)", type, ALPHA_SPIRV_OpTypeCooperativeMatrixKHR)) return 0;
    if (!(pt = alpha__spv_ptr_type(m, "alpha_spirv_coopmat_load", ALPHA_SPIRV_OpCooperativeMatrixLoadKHR, p))) return 0;
    w[0] = p; w[1] = alpha_spirv_const_u32(m, layout); w[2] = stride;
    if ((n = alpha__spv_coop_mem(m, "alpha_spirv_coopmat_load", pt, stride, w, stride ? 3 : 2)) < 0) return 0;
    return alpha__spv_emit(m, "alpha_spirv_coopmat_load", ALPHA_SPIRV_OpCooperativeMatrixLoadKHR, type, 1, 0, n, w);
}
ALPHA_API void alpha_spirv_coopmat_store(alpha_spirv_module *m, uint32_t p, uint32_t obj, uint32_t layout, uint32_t stride) {
    uint32_t w[6], pt;
    int n;
    if (!m || !alpha__spv_need_coop(m, "alpha_spirv_coopmat_store (OpCooperativeMatrixStoreKHR)", alpha__spv_type(m, obj), ALPHA_SPIRV_OpTypeCooperativeMatrixKHR)) return;
    if (!(pt = alpha__spv_ptr_type(m, "alpha_spirv_coopmat_store", ALPHA_SPIRV_OpCooperativeMatrixStoreKHR, p))) return;
    w[0] = p; w[1] = obj; w[2] = alpha_spirv_const_u32(m, layout); w[3] = stride;
    if ((n = alpha__spv_coop_mem(m, "alpha_spirv_coopmat_store", pt, stride, w, stride ? 4 : 3)) < 0) return;
    alpha__spv_emit(m, "alpha_spirv_coopmat_store", ALPHA_SPIRV_OpCooperativeMatrixStoreKHR, 0, 0, 0, n, w);
}
ALPHA_API uint32_t alpha_spirv_coopmat_muladd(alpha_spirv_module *m, uint32_t a, uint32_t b, uint32_t c, uint32_t operands) {
    uint32_t w[4], t;
    const char *fn = "alpha_spirv_coopmat_muladd (OpCooperativeMatrixMulAddKHR)";
    if (!m || m->err) return 0;
    t = alpha__spv_type(m, c);
    if (!alpha__spv_need_coop(m, fn, alpha__spv_type(m, a), ALPHA_SPIRV_OpTypeCooperativeMatrixKHR) ||
        !alpha__spv_need_coop(m, fn, alpha__spv_type(m, b), ALPHA_SPIRV_OpTypeCooperativeMatrixKHR) ||
        !alpha__spv_need_coop(m, fn, t, ALPHA_SPIRV_OpTypeCooperativeMatrixKHR)) return 0;
    w[0] = a; w[1] = b; w[2] = c; w[3] = operands;
    return alpha__spv_emit(m, "alpha_spirv_coopmat_muladd", ALPHA_SPIRV_OpCooperativeMatrixMulAddKHR, t, 1, 0, operands ? 4 : 3, w);
}
ALPHA_API uint32_t alpha_spirv_coopmat_length(alpha_spirv_module *m, uint32_t type) {
    if (!m || !alpha__spv_need_coop(m, "alpha_spirv_coopmat_length (OpCooperativeMatrixLengthKHR)", type, ALPHA_SPIRV_OpTypeCooperativeMatrixKHR)) return 0;
    return alpha__spv_emit(m, "alpha_spirv_coopmat_length", ALPHA_SPIRV_OpCooperativeMatrixLengthKHR, alpha_spirv_type_u32(m), 1, 0, 1, &type);
}
ALPHA_API uint32_t alpha_spirv_coopmat_load_nv(alpha_spirv_module *m, uint32_t type, uint32_t p, uint32_t stride, int column_major) {
    uint32_t w[3];
    if (!m || !alpha__spv_need_coop(m, "alpha_spirv_coopmat_load_nv (OpCooperativeMatrixLoadNV)", type, ALPHA_SPIRV_OpTypeCooperativeMatrixNV)) return 0;
    if (!alpha__spv_ptr_type(m, "alpha_spirv_coopmat_load_nv", ALPHA_SPIRV_OpCooperativeMatrixLoadNV, p)) return 0;
    w[0] = p; w[1] = stride; w[2] = alpha_spirv_const_bool(m, column_major);
    return alpha__spv_emit(m, "alpha_spirv_coopmat_load_nv", ALPHA_SPIRV_OpCooperativeMatrixLoadNV, type, 1, 0, 3, w);
}
ALPHA_API void alpha_spirv_coopmat_store_nv(alpha_spirv_module *m, uint32_t p, uint32_t obj, uint32_t stride, int column_major) {
    uint32_t w[4];
    if (!m || !alpha__spv_need_coop(m, "alpha_spirv_coopmat_store_nv (OpCooperativeMatrixStoreNV)", alpha__spv_type(m, obj), ALPHA_SPIRV_OpTypeCooperativeMatrixNV)) return;
    if (!alpha__spv_ptr_type(m, "alpha_spirv_coopmat_store_nv", ALPHA_SPIRV_OpCooperativeMatrixStoreNV, p)) return;
    w[0] = p; w[1] = obj; w[2] = stride; w[3] = alpha_spirv_const_bool(m, column_major);
    alpha__spv_emit(m, "alpha_spirv_coopmat_store_nv", ALPHA_SPIRV_OpCooperativeMatrixStoreNV, 0, 0, 0, 4, w);
}
ALPHA_API uint32_t alpha_spirv_coopmat_muladd_nv(alpha_spirv_module *m, uint32_t a, uint32_t b, uint32_t c) {
    uint32_t w[3], t;
    if (!m || m->err) return 0;
    t = alpha__spv_type(m, c);
    if (!alpha__spv_need_coop(m, "alpha_spirv_coopmat_muladd_nv (OpCooperativeMatrixMulAddNV)", t, ALPHA_SPIRV_OpTypeCooperativeMatrixNV)) return 0;
    w[0] = a; w[1] = b; w[2] = c;
    return alpha__spv_emit(m, "alpha_spirv_coopmat_muladd_nv", ALPHA_SPIRV_OpCooperativeMatrixMulAddNV, t, 1, 0, 3, w);
}
ALPHA_API uint32_t alpha_spirv_tensor_layout_create_nv(alpha_spirv_module *m, uint32_t type) {
    if (!m || !alpha__spv_need_coop(m, "alpha_spirv_tensor_layout_create_nv (OpCreateTensorLayoutNV)", type, ALPHA_SPIRV_OpTypeTensorLayoutNV)) return 0;
    return alpha__spv_emit(m, "alpha_spirv_tensor_layout_create_nv", ALPHA_SPIRV_OpCreateTensorLayoutNV, type, 1, 0, 0, NULL);
}
ALPHA_API uint32_t alpha_spirv_tensor_view_create_nv(alpha_spirv_module *m, uint32_t type) {
    if (!m || !alpha__spv_need_coop(m, "alpha_spirv_tensor_view_create_nv (OpCreateTensorViewNV)", type, ALPHA_SPIRV_OpTypeTensorViewNV)) return 0;
    return alpha__spv_emit(m, "alpha_spirv_tensor_view_create_nv", ALPHA_SPIRV_OpCreateTensorViewNV, type, 1, 0, 0, NULL);
}
ALPHA_API uint32_t alpha_spirv_tensor_set_nv(alpha_spirv_module *m, uint32_t op, uint32_t obj, int n, const uint32_t *ids) {
    uint32_t w[17], t;
    int i;
    if (!m || !(t = alpha__spv_value_type(m, "alpha_spirv_tensor_set_nv", op, obj))) return 0;
    if (op != ALPHA_SPIRV_OpTensorLayoutSetDimensionNV && op != ALPHA_SPIRV_OpTensorLayoutSetStrideNV && op != ALPHA_SPIRV_OpTensorLayoutSliceNV &&
        op != ALPHA_SPIRV_OpTensorLayoutSetClampValueNV && op != ALPHA_SPIRV_OpTensorLayoutSetBlockSizeNV &&
        op != ALPHA_SPIRV_OpTensorViewSetDimensionNV && op != ALPHA_SPIRV_OpTensorViewSetStrideNV && op != ALPHA_SPIRV_OpTensorViewSetClipNV)
        return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_tensor_set_nv: opcode %u is not a tensor layout/view setter", (unsigned)op);
    if (n < 0 || n > 16 || (n && !ids)) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_tensor_set_nv: 0..16 operands");
    w[0] = obj;
    for (i = 0; i < n; i++) w[1 + i] = ids[i];
    return alpha__spv_emit(m, "alpha_spirv_tensor_set_nv", op, t, 1, 0, (size_t)n + 1, w);
}
static void alpha__spv_coop2_caps(alpha_spirv_module *m) {
    alpha__spv_auto_cap(m, ALPHA_SPIRV_CapabilityCooperativeMatrixTensorAddressingNV);
    alpha__spv_auto_ext(m, "SPV_NV_cooperative_matrix2", 0);
    alpha__spv_tensor_caps(m);
}
ALPHA_API uint32_t alpha_spirv_coopmat_load_tensor_nv(alpha_spirv_module *m, uint32_t type, uint32_t p, uint32_t obj, uint32_t tl, uint32_t tv) {
    uint32_t w[6];
    if (!m || !alpha__spv_need_coop(m, "alpha_spirv_coopmat_load_tensor_nv (OpCooperativeMatrixLoadTensorNV)", type, ALPHA_SPIRV_OpTypeCooperativeMatrixKHR)) return 0;
    if (!alpha__spv_ptr_type(m, "alpha_spirv_coopmat_load_tensor_nv", ALPHA_SPIRV_OpCooperativeMatrixLoadTensorNV, p)) return 0;
    alpha__spv_coop2_caps(m);
    w[0] = p; w[1] = obj; w[2] = tl; w[3] = 0; w[4] = tv ? 1u : 0u; w[5] = tv;
    return alpha__spv_emit(m, "alpha_spirv_coopmat_load_tensor_nv", ALPHA_SPIRV_OpCooperativeMatrixLoadTensorNV, type, 1, 0, tv ? 6 : 5, w);
}
ALPHA_API void alpha_spirv_coopmat_store_tensor_nv(alpha_spirv_module *m, uint32_t p, uint32_t obj, uint32_t tl, uint32_t tv) {
    uint32_t w[6];
    if (!m || !alpha__spv_need_coop(m, "alpha_spirv_coopmat_store_tensor_nv (OpCooperativeMatrixStoreTensorNV)", alpha__spv_type(m, obj), ALPHA_SPIRV_OpTypeCooperativeMatrixKHR)) return;
    if (!alpha__spv_ptr_type(m, "alpha_spirv_coopmat_store_tensor_nv", ALPHA_SPIRV_OpCooperativeMatrixStoreTensorNV, p)) return;
    alpha__spv_coop2_caps(m);
    w[0] = p; w[1] = obj; w[2] = tl; w[3] = 0; w[4] = tv ? 1u : 0u; w[5] = tv;
    alpha__spv_emit(m, "alpha_spirv_coopmat_store_tensor_nv", ALPHA_SPIRV_OpCooperativeMatrixStoreTensorNV, 0, 0, 0, tv ? 6 : 5, w);
}

/* ---- generic ---- */
ALPHA_API uint32_t alpha_spirv_op(alpha_spirv_module *m, uint32_t op, uint32_t type, int n, const uint32_t *ops) {
    const alpha__spv_opdef *d;
    int has_t, has_r;
    uint32_t id;
    if (!m || m->err) return 0;
    if (n < 0 || n > 65000 || (n && !ops)) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_op: bad operand list");
    d = alpha__spv_op_by_code(op);
    has_t = d ? d->pat[0] == 'T' : type != 0;
    has_r = d ? strchr(d->pat, 'R') != NULL : type != 0;
    if (has_t && !type) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_op (Op%s): needs a result type", d->name);
    if (!has_t && type) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_op (Op%s): has no result type; pass 0", d ? d->name : "?");
    switch (op) {
    case ALPHA_SPIRV_OpFunction: case ALPHA_SPIRV_OpFunctionParameter: case ALPHA_SPIRV_OpFunctionEnd: case ALPHA_SPIRV_OpLabel:
        return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_op (Op%s): use alpha_spirv_function_begin/function_end/label", d->name);
    case ALPHA_SPIRV_OpCapability:
        if (n == 1) { alpha_spirv_capability(m, ops[0]); return m->err ? 0 : 1; }
        break;
    default: break;
    }
    if (d && !has_t && strncmp(d->name, "Type", 4) == 0) return alpha__spv_intern(m, "alpha_spirv_op", op, 0, 0, (size_t)n, ops);
    if (d && has_t && strncmp(d->name, "Constant", 8) == 0) {
        uint32_t *w = (uint32_t *)alpha__spv_alloc(&m->a, ((size_t)n + 1) * 4);
        if (!w) return alpha__spv_oom(m);
        w[0] = type;
        if (n) memcpy(w + 1, ops, (size_t)n * 4);
        id = alpha__spv_intern(m, "alpha_spirv_op", op, 0, 1, (size_t)n + 1, w);
        alpha__spv_free(&m->a, w);
        return id;
    }
    id = alpha__spv_emit(m, "alpha_spirv_op", op, type, has_r, 0, (size_t)n, ops);
    if (id && op == ALPHA_SPIRV_OpVariable && n > 0 && ops[0] != ALPHA_SPIRV_StorageClassFunction) {
        uint32_t g[2];
        g[0] = id; g[1] = ops[0];
        if (!alpha__spv_putn(&m->a, &m->globals, g, 2)) return alpha__spv_oom(m);
    }
    return has_r ? id : 0;
}
ALPHA_API uint32_t alpha_spirv_op_to(alpha_spirv_module *m, uint32_t result, uint32_t op, uint32_t type, int n, const uint32_t *ops) {
    const alpha__spv_opdef *d;
    if (!m || m->err) return 0;
    d = alpha__spv_op_by_code(op);
    if (!d || d->pat[0] != 'T' || !type || !alpha__spv_valid(m, result) || m->ids[result].op || (n && !ops) || n < 0 || n > 65000)
        return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_op_to (Op%s): needs an opcode with a result type, a type, and an unused id from alpha_spirv_id (got %%%u)",
                               d ? d->name : "?", (unsigned)result);
    if (alpha__spv_section(m, op, 0) != NULL)
        return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_op_to (Op%s): only for instructions inside functions", d->name);
    return alpha__spv_emit(m, "alpha_spirv_op_to", op, type, 1, result, (size_t)n, ops);
}
ALPHA_API uint32_t alpha_spirv_opn(alpha_spirv_module *m, uint32_t op, uint32_t type, int n, ...) {
    uint32_t w[64];
    int i;
    va_list ap;
    if (!m || m->err) return 0;
    if (n < 0 || n > 64) return alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_opn: 0..64 operands (use alpha_spirv_op for more)");
    va_start(ap, n);
    for (i = 0; i < n; i++) w[i] = (uint32_t)va_arg(ap, unsigned);
    va_end(ap);
    return alpha_spirv_op(m, op, type, n, w);
}

/* ---- finish ---- */
ALPHA_API alpha_result alpha_spirv_module_finish(alpha_spirv_module *m, const uint32_t **words, size_t *n_words) {
    alpha__spv_buf *o;
    size_t i, k;
    uint32_t hdr[5];
    static const int order[] = {ALPHA__SEC_MODE, ALPHA__SEC_DEBUG_A, ALPHA__SEC_DEBUG_B, ALPHA__SEC_DEBUG_C, ALPHA__SEC_ANNOT, ALPHA__SEC_GLOBAL, ALPHA__SEC_FUNC};
    if (!m) return ALPHA_ERR_INVALID;
    if (words) *words = NULL;
    if (n_words) *n_words = 0;
    if (!words || !n_words) { alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_module_finish: words and n_words must not be NULL"); return ALPHA_ERR_INVALID; }
    if (m->err) return m->err;
    if (m->in_fn) {
        alpha__spv_fail(m, ALPHA_ERR_STATE, "alpha_spirv_module_finish: function %%%u is still open (call alpha_spirv_function_end)", (unsigned)m->cur_fn);
        return m->err;
    }
    o = &m->out;
    o->n = 0;
    hdr[0] = 0x07230203u; hdr[1] = m->version; hdr[2] = m->generator; hdr[3] = m->next_id; hdr[4] = 0;
    if (!alpha__spv_putn(&m->a, o, hdr, 5)) return (alpha_result)(alpha__spv_oom(m), m->err);
    for (i = ALPHA__SEC_CAP; i <= ALPHA__SEC_IMPORT; i++)
        if (!alpha__spv_putn(&m->a, o, m->sec[i].w, m->sec[i].n)) return (alpha_result)(alpha__spv_oom(m), m->err);
    if (m->sec[ALPHA__SEC_MODEL].n) {
        if (!alpha__spv_putn(&m->a, o, m->sec[ALPHA__SEC_MODEL].w, m->sec[ALPHA__SEC_MODEL].n)) return (alpha_result)(alpha__spv_oom(m), m->err);
    } else {
        uint32_t mm[3];
        mm[0] = 3u << 16 | ALPHA_SPIRV_OpMemoryModel;
        mm[1] = m->model_set ? m->addressing : m->uses_psb ? (uint32_t)ALPHA_SPIRV_AddressingModelPhysicalStorageBuffer64 : (uint32_t)ALPHA_SPIRV_AddressingModelLogical;
        mm[2] = m->model_set ? m->model : (uint32_t)ALPHA_SPIRV_MemoryModelGLSL450;
        if (!alpha__spv_putn(&m->a, o, mm, 3)) return (alpha_result)(alpha__spv_oom(m), m->err);
    }
    if (!alpha__spv_putn(&m->a, o, m->sec[ALPHA__SEC_ENTRY].w, m->sec[ALPHA__SEC_ENTRY].n)) return (alpha_result)(alpha__spv_oom(m), m->err);
    for (k = 0; k + 3 < m->entries.n; k += 4) {
        size_t start = o->n, nw = alpha__spv_str_words(m->entries.w[k + 3]);
        uint32_t e[2];
        e[0] = m->entries.w[k]; e[1] = m->entries.w[k + 1];
        if (!alpha__spv_put(&m->a, o, 0) || !alpha__spv_putn(&m->a, o, e, 2) || !alpha__spv_putn(&m->a, o, m->strs.w + m->entries.w[k + 2], nw))
            return (alpha_result)(alpha__spv_oom(m), m->err);
        for (i = 0; i + 1 < m->globals.n; i += 2) {
            uint32_t sc = m->globals.w[i + 1];
            if (m->version >= 0x00010400u || sc == ALPHA_SPIRV_StorageClassInput || sc == ALPHA_SPIRV_StorageClassOutput)
                if (!alpha__spv_put(&m->a, o, m->globals.w[i])) return (alpha_result)(alpha__spv_oom(m), m->err);
        }
        if (o->n - start > 0xffff) { alpha__spv_fail(m, ALPHA_ERR_INVALID, "alpha_spirv_module_finish: OpEntryPoint longer than 65535 words"); return m->err; }
        o->w[start] = (uint32_t)(o->n - start) << 16 | ALPHA_SPIRV_OpEntryPoint;
    }
    for (i = 0; i < sizeof order / sizeof order[0]; i++)
        if (!alpha__spv_putn(&m->a, o, m->sec[order[i]].w, m->sec[order[i]].n)) return (alpha_result)(alpha__spv_oom(m), m->err);
    *words = o->w;
    *n_words = o->n;
    return ALPHA_OK;
}

#endif /* ALPHA_SPIRV_IMPLEMENTATION */

/*
MIT License

Copyright (c) 2026 the alpha authors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
*/
