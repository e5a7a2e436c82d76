/* alpha_vk.h - v0.1.0 - Vulkan compute runtime for the alpha headers

   Runs compute kernels on a Vulkan device: creates the instance and device (optionally with
   the Khronos validation layer), picks the best device (discrete, then integrated, then CPU
   implementations such as lavapipe), probes what the device can do (subgroup size, shared
   memory, 16-bit storage and arithmetic, timeline semaphores, cooperative matrices, bf16,
   subgroup size control), sub-allocates device buffers from a few large memory slabs, moves
   data through a host-visible staging buffer, turns SPIR-V words into cached compute
   pipelines, records dispatches with buffer barriers between them and submits them. Kernels
   are generated at run time with alpha_spirv.h (no shader compiler, no shader files); the
   first built-in ones are elementwise add, scale, GELU, a row softmax and a matmul.
   alpha_vk_backend() makes the runtime a device of alpha_tensor.h (see TENSOR BACKEND below).

   DO THIS in exactly one C or C++ file:
       #define VOLK_IMPLEMENTATION          (volk's own implementation: alpha_vk.h never defines it)
       #include <volk.h>
       #define ALPHA_VULKAN                 (without it every function returns ALPHA_ERR_UNSUPPORTED)
       #define ALPHA_IMPLEMENTATION         (or ALPHA_VK_IMPLEMENTATION + ALPHA_SPIRV_IMPLEMENTATION)
       #include "alpha_vk.h"
   Other files include it without the implementation defines (ALPHA_VULKAN is not needed for
   the declarations: the API uses no Vulkan types). alpha_vk.h includes alpha_spirv.h itself.

   CONFIG MACROS (define before the implementation):
       ALPHA_VULKAN            compile the Vulkan implementation (needs volk.h; Debian packages
                               libvulkan-volk-dev libvulkan-dev); without it: stubs that return
                               ALPHA_ERR_UNSUPPORTED, so a machine without volk still builds
       ALPHA_STATIC            make every function static to the including file
       ALPHA_MALLOC/ALPHA_FREE default memory functions (malloc/free)

   ENVIRONMENT: ALPHA_VK_VALIDATION=1 enables the validation layer (like
   ALPHA_VK_DESC_VALIDATION); ALPHA_VK_DEVICE=<substring> picks the device whose name contains
   it (desc.device_name wins over it); ALPHA_VK_PIPELINE_CACHE=<file> is the pipeline cache file
   where desc.pipeline_cache_path is NULL; ALPHA_VK_SPIRV_DUMP=<dir> (or desc.spirv_dump_dir), a
   debugging aid, writes every SPIR-V module the runtime makes into a pipeline to <dir>/<name>.spv
   (built-in kernels "kernel_<name>", backend kernels "backend_k<kind>_<op>_d<dims>";
   tests/check_spirv_generated.sh runs spirv-val on all of them).

   HOST DEVICE: a program that has its own Vulkan device (a game) passes its VkInstance,
   VkPhysicalDevice, VkDevice and a compute VkQueue in desc.host, with the feature chain it
   enabled and, when other threads use that queue, lock/unlock callbacks that the runtime calls
   around each of its vkQueueSubmit and vkQueueWaitIdle calls (it never calls vkDeviceWaitIdle).
   The runtime then creates and destroys none of those objects, adds no validation layer (the
   host's instance has it or not), and loads its own device function table. Destroy the runtime
   before the device.

   PIPELINE CACHE: with a cache file (desc or env) the runtime's VkPipelineCache starts from the
   file when its header (VkPipelineCacheHeaderVersionOne: length, version, vendor and device IDs,
   pipelineCacheUUID) is this device's; a missing, short, corrupt or foreign file is ignored with
   a log message (info for a missing file, else a warning), never an error.
   alpha_vk_pipeline_cache_save() writes it (alpha_vk_destroy too, when there is a path) to a
   temporary file in the same directory that is then renamed over the old one. The tensor
   backend's kernels are generated on first use and compiled at the next flush (submit, read
   back, capture end), all pending ones at once on worker threads; dispatches made meanwhile are
   held back and recorded in order, and a kernel that fails to compile fails that flush.

   DEPENDENCIES: volk (header-only mode, loads libvulkan at run time: no -lvulkan), alpha_spirv.h,
   alpha_tensor.h (both included by this header; their implementations follow ALPHA_IMPLEMENTATION).
   Link line: cc ... -lm -lpthread -ldl

   STEP CAPTURE: alpha_vk_capture_begin/end record dispatches into a reusable command buffer;
   alpha_vk_replay runs them again with one submit. The tensor backend exposes it to
   alpha_tensor.h (alpha_capture_begin/end, alpha_graph_replay), and alpha_train.h's trainer
   records its whole step (forward, backward, global norm, clipping, AdamW) once and replays it.

   WHAT IT DOES NOT DO (yet): the tensor backend has a kernel for every op of alpha_tensor.h, so
   a whole GPT training step (forward, backward, clipping, AdamW) runs on it, but f16/bf16
   tensors only go through casts and copies (no fill or arithmetic on them: ALPHA_ERR_UNSUPPORTED;
   16-bit storage is not used: a 16-bit result goes into its half of a u32 word with atomics,
   or, contiguous f32 -> 16-bit in whole 16-byte runs, is packed 8 halves at a time).
   Kernels are the scalar tier, correct and deterministic before fast: the matmul is tiled
   (128x128 blocks in shared memory, 8x8 outputs per invocation, 16-byte loads, split along k
   when it has few output tiles), the fused attention is tiled for head sizes 16, 32 and 64
   (blocks of 32 rows against blocks of 32 through shared memory) and one invocation per
   query (or key) row otherwise (two, each half of the head, where the device has subgroup
   shuffles), cross-entropy and LayerNorm a workgroup per row, the sum of squares one
   workgroup, and the other kernels one invocation per output element (four, with 16-byte
   accesses, where the layout allows) or row. One cooperative-matrix kernel: the opt-in bf16/f16
   matmul (alpha_vk_set_matmul_precision; VK_KHR_cooperative_matrix, 16x16x16 shapes on subgroups
   of 32, over 16-bit copies of the operands made by a PACK kernel in free arena memory; 166
   TFLOP/s at 4096^3 on an H100, bench/results/gemm_h100_*), and with it flash attention on
   cooperative matrices (head sizes 16, 32, 64); tensors stay f32 (no bf16 activations, no loss
   scaling), and NV cooperative matrix 2 is probed, not used. A training forward's copies stay
   at the arena top until the step ends, for its backward's products; ALPHA_VK_EMULATE16=1 runs
   the 16-bit data path without cooperative matrices (a scalar GEMM over the copies: for tests).
   ALPHA_VK_PIPELINE_STATS=1 prints each kernel's compiler statistics (registers, spills) as it
   is made; ALPHA_VK_TUNE=deep,wide,fapre picks kernel shapes under measurement
   (bench/vk_gemm_sweep.sh). The backend's tensors live in one arena buffer: reached through
   its device address where the device has buffer device addresses and shaderInt64 (up to 16
   GiB: u32 word indices), else bound as a storage buffer (up to
   maxStorageBufferRange: 4 GiB on NVIDIA, 128 MiB on lavapipe); a step keeps its intermediates
   until the step ends, which bounds the model and batch (see bench/results/gpt_train_h100_*).
   16-bit storage/arithmetic, timeline semaphores, buffer device addresses and (with their
   16x16x16 shapes) cooperative matrices and bf16 are enabled when present, nothing else
   optional is (cooperative matrices not on a host's device, nor under a validation layer older
   than the extensions: it would flag every use); the built-in kernels (alpha_vk_add ...) are f32 only,
   softmax one invocation per row, matmul one per output (rows and M, N limited by the device's
   workgroup counts: ALPHA_ERR_INVALID beyond); one queue, one command buffer in flight; a buffer
   over the device's maxStorageBufferRange is refused (no buffer splitting). Uploads and downloads
   use the compute queue even where the device has a transfer-only queue family (a DMA engine:
   alpha_vk_info.transfer_queue, 1 on NVIDIA, 0 on lavapipe), by choice: every transfer first
   waits for the recorded work and then for its own copy, so a second queue would have nothing
   to overlap with, and a staged copy crosses PCIe at the same rate from either queue; a DMA
   queue would add a semaphore and two queue-family ownership transfers (or concurrent sharing
   of every slab) per copy. It pays only for asynchronous uploads that overlap a running step
   (prefetching the next batch), which the runtime does not do: a captured step's per-step
   inputs are a few KiB written before its submit.

   QUICK START: add two vectors on the GPU (exits 0, printing "skip", where there is no device)

   ```c
   #include <stdio.h>
   #define VOLK_IMPLEMENTATION
   #include <volk.h>
   #define ALPHA_VULKAN
   #define ALPHA_IMPLEMENTATION
   #include "alpha_vk.h"

   int main(void) {
       float a[4] = {1, 2, 3, 4}, b[4] = {10, 20, 30, 40}, y[4] = {0, 0, 0, 0};
       alpha_vk *vk = NULL;
       const alpha_vk_info *info;
       alpha_vk_buffer *ba = NULL, *bb = NULL, *by = NULL;
       alpha_result r = alpha_vk_create(&vk, NULL);   // NULL desc: defaults
       if (r != ALPHA_OK) {
           printf("skip: %s\n", vk ? alpha_vk_last_error(vk) : alpha_result_str(r));
           alpha_vk_destroy(vk);
           return 0;
       }
       info = alpha_vk_get_info(vk);
       if (info) printf("device: %s\n", info->device_name);
       if (alpha_vk_buffer_create(vk, sizeof a, &ba) == ALPHA_OK &&
           alpha_vk_buffer_create(vk, sizeof b, &bb) == ALPHA_OK &&
           alpha_vk_buffer_create(vk, sizeof y, &by) == ALPHA_OK &&
           alpha_vk_buffer_upload(vk, ba, 0, a, sizeof a) == ALPHA_OK &&
           alpha_vk_buffer_upload(vk, bb, 0, b, sizeof b) == ALPHA_OK &&
           alpha_vk_add(vk, ba, bb, by, 4) == ALPHA_OK &&
           alpha_vk_buffer_download(vk, by, 0, y, sizeof y) == ALPHA_OK)
           printf("%g %g %g %g\n", y[0], y[1], y[2], y[3]);   // 11 22 33 44
       else
           printf("error: %s\n", alpha_vk_last_error(vk));
       alpha_vk_destroy(vk);   // frees the buffers too
       return 0;
   }
   ```

   OBJECTS: one alpha_vk (instance, device, queue, memory, pipelines); alpha_vk_buffer and
   alpha_vk_pipeline handles belong to it and die with it (a freed buffer handle must not be
   used again). Kernels are SPIR-V words (usually
   from alpha_spirv.h) with storage buffers at set 0, bindings 0..n_buffers-1, an optional
   push-constant block, and the workgroup size as specialization constants 0, 1, 2
   (alpha_spirv_local_size_spec); user specialization constants start at id 3.

   EXECUTION: alpha_vk_dispatch() records into the current command buffer (the first call
   opens it) and puts a buffer memory barrier for the buffers of the previous dispatch before
   each one, so dispatches see each other's writes in order. alpha_vk_submit_and_wait()
   submits and waits (timeline semaphore, or a fence where timeline semaphores are missing).
   Uploads, downloads and buffer frees first submit and wait for what is recorded: they are
   the sync points.

   ERRORS: functions return alpha_result; the message of the last failure (naming the function
   and the values) is in alpha_vk_last_error(vk) and goes to the logger. ALPHA_ERR_DEVICE:
   no loader, no device, a device name that matches nothing, a lost device; ALPHA_ERR_OOM: host
   or device memory exhausted; ALPHA_ERR_INVALID: bad arguments (sizes, ranges, group counts);
   ALPHA_ERR_UNSUPPORTED: a build without ALPHA_VULKAN, a buffer over maxStorageBufferRange.
   Validation-layer messages (warnings and errors) go to the logger and are counted:
   alpha_vk_validation_messages(vk). The library never aborts.

   MEMORY: device memory in slabs (desc.slab_size, default 64 MiB; a larger buffer gets a slab
   of its own) sub-allocated first-fit with offsets aligned to the device's storage-buffer
   offset alignment; one host-visible staging buffer (desc.staging_size, default 8 MiB)
   through which transfers go in chunks. Host memory from desc.allocator.

   THREADING: one alpha_vk, one thread at a time; distinct runtimes are independent. No globals
   of ours. Instance functions are loaded for the runtime's own instance into the runtime and
   device functions into its own VolkDeviceTable, so a host's volk state stays as it was, with
   two exceptions: volkInitialize() runs if volk was not initialized yet, and volk's global
   vkGetDeviceProcAddr is set (to the loader's) if it was still NULL, as volkLoadDeviceTable()
   needs it.

   FORMATS: buffers are raw bytes; the built-in kernels read and write little-endian f32.
*/
/* alpha_spirv.h is included outside the guard below so that its implementation follows
   ALPHA_IMPLEMENTATION wherever alpha_vk.h is included. */
#include "alpha_spirv.h"
/* and alpha_tensor.h for the tensor backend (alpha_vk_backend), likewise outside the guard */
#include "alpha_tensor.h"

#ifndef ALPHA_VK_H
#define ALPHA_VK_H
#include <stdio.h>   /* FILE, for alpha_vk_profile_print */

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

typedef struct alpha_vk alpha_vk;
typedef struct alpha_vk_buffer alpha_vk_buffer;
typedef struct alpha_vk_pipeline alpha_vk_pipeline;

#define ALPHA_VK_DESC_VALIDATION 1u   /* enable VK_LAYER_KHRONOS_validation (env ALPHA_VK_VALIDATION=1 too) */
#define ALPHA_VK_DESC_NO_TIMELINE 2u  /* wait with a fence even where timeline semaphores exist (tests that path) */
#define ALPHA_VK_DESC_PROFILE 4u      /* time every dispatch with timestamp queries (env ALPHA_VK_PROFILE=1 too) */
#define ALPHA_VK_DESC_NO_BDA 8u       /* the tensor backend binds its arena as a storage buffer even where device
                                         addresses exist (at most maxStorageBufferRange; tests that path) */

/* A host program's own Vulkan objects (a game that already has a device), handed to the runtime
   in alpha_vk_desc.host; handles are void * because this API uses no Vulkan types. The runtime
   then makes no instance, device or queue and destroys none of them (destroy the runtime first,
   then them); it still loads its own table of device functions (volkLoadDeviceTable). */
typedef struct alpha_vk_host {
    void *device;              /* VkDevice; NULL: the runtime makes its own instance and device */
    void *instance;            /* VkInstance the device belongs to (Vulkan 1.1 or newer) */
    void *physical_device;     /* VkPhysicalDevice it was made from */
    void *queue;               /* a VkQueue of queue_family, which has VK_QUEUE_COMPUTE_BIT */
    uint32_t queue_family;
    uint32_t api_version;      /* VkApplicationInfo.apiVersion of the instance; 0 = Vulkan 1.1 */
    const void *enabled_features; /* the pNext chain given to vkCreateDevice (VkPhysicalDeviceVulkan11Features,
                                     Vulkan12Features, ...): the optional features the runtime may use; NULL: none */
    /* Optional, both or neither: called around every vkQueueSubmit and vkQueueWaitIdle the runtime
       does on queue, for a queue that other threads submit to as well (Vulkan requires queue
       access to be externally synchronized). The runtime never calls vkDeviceWaitIdle on it. */
    void (*lock_queue)(void *user);
    void (*unlock_queue)(void *user);
    void *lock_user;
} alpha_vk_host;

/* All zero = defaults. */
typedef struct alpha_vk_desc {
    uint32_t flags;            /* ALPHA_VK_DESC_VALIDATION, ALPHA_VK_DESC_NO_TIMELINE */
    const char *device_name;   /* substring of the device name; NULL = env ALPHA_VK_DEVICE, else the best device */
    size_t slab_size;          /* bytes per device-memory slab; 0 = 64 MiB */
    size_t staging_size;       /* bytes of the host-visible staging buffer; 0 = 8 MiB */
    const char *pipeline_cache_path; /* VkPipelineCache file: loaded at create when its header matches the device,
                                        saved at destroy; NULL = env ALPHA_VK_PIPELINE_CACHE, else none */
    const char *spirv_dump_dir; /* debug: every module made into a pipeline is written to <dir>/<name>.spv (see
                                   alpha_vk_pipeline_desc.name); NULL = env ALPHA_VK_SPIRV_DUMP, else none */
    alpha_logger logger;
    alpha_allocator allocator;
    alpha_vk_host host;        /* a host program's device (host.device set): no validation layer or device choice of ours */
} alpha_vk_desc;

/* Device types, the values of VkPhysicalDeviceType. */
#define ALPHA_VK_DEVICE_OTHER      0
#define ALPHA_VK_DEVICE_INTEGRATED 1
#define ALPHA_VK_DEVICE_DISCRETE   2
#define ALPHA_VK_DEVICE_VIRTUAL    3
#define ALPHA_VK_DEVICE_CPU        4

/* What the chosen device is and can do (probed at create). Flags are 0/1. */
typedef struct alpha_vk_info {
    char device_name[256];
    uint32_t device_type;          /* ALPHA_VK_DEVICE_* */
    uint32_t vendor_id, device_id;
    uint32_t api_version;          /* VK_MAKE_API_VERSION of the device (capped at what we asked for) */
    uint32_t driver_version;
    uint32_t subgroup_size;        /* default subgroup size */
    uint32_t min_subgroup_size, max_subgroup_size; /* with subgroup size control; else = subgroup_size */
    uint32_t max_shared_memory;    /* maxComputeSharedMemorySize, bytes */
    uint32_t max_workgroup_invocations;
    uint32_t max_workgroup_size[3];
    uint32_t max_workgroup_count[3];
    uint32_t max_push_constants;   /* bytes */
    uint64_t max_storage_buffer_range;
    uint64_t storage_buffer_alignment; /* minStorageBufferOffsetAlignment */
    uint64_t device_local_bytes;   /* size of the largest device-local heap */
    int storage_16bit;             /* storageBuffer16BitAccess (enabled when present) */
    int float16_arith;             /* shaderFloat16 (enabled when present) */
    int int8_arith;                /* shaderInt8 (probed only) */
    int timeline_semaphores;       /* timelineSemaphore (enabled when present; used unless ALPHA_VK_DESC_NO_TIMELINE) */
    int subgroup_size_control;     /* VK_EXT_subgroup_size_control or Vulkan 1.3 (probed only) */
    int subgroup_shuffle;          /* subgroup shuffles in compute shaders (the attention kernels pair invocations) */
    int coopmat_khr;               /* VK_KHR_cooperative_matrix with its cooperativeMatrix feature (enabled when
                                      present on Vulkan 1.2+, our own device only) */
    int coopmat_f16, coopmat_bf16; /* the device reports a 16x16x16 subgroup-scope shape with f16 (bf16) A and B and
                                      f32 C and result, on subgroups of 32: the cooperative-matrix GEMM tier
                                      (alpha_vk_set_matmul_precision) */
    int coopmat2_nv;               /* VK_NV_cooperative_matrix2 listed (probed only) */
    int bf16;                      /* VK_KHR_shader_bfloat16 with shaderBFloat16Type and
                                      shaderBFloat16CooperativeMatrix (enabled with coopmat_khr) */
    int buffer_device_address;     /* bufferDeviceAddress and shaderInt64 (enabled when present on Vulkan 1.2: device
                                      buffers get addresses, see alpha_vk_buffer_address, and may exceed
                                      maxStorageBufferRange) */
    int push_descriptors;          /* VK_KHR_push_descriptor listed (probed only) */
    int transfer_queue;            /* a queue family with transfer but neither compute nor graphics (probed only:
                                      transfers go through the compute queue, see WHAT IT DOES NOT DO) */
    int validation;                /* the validation layer is active */
    uint64_t pipeline_cache_loaded;  /* bytes of pipeline cache accepted from the cache file at create (0: none) */
} alpha_vk_info;

/* A compute pipeline. words: SPIR-V (copied while creating; may be freed after). */
typedef struct alpha_vk_pipeline_desc {
    const uint32_t *words;
    size_t n_words;
    const char *entry;         /* entry point name; NULL = "main" */
    uint32_t n_buffers;        /* storage buffers at set 0, bindings 0..n_buffers-1 (at most 16) */
    uint32_t push_size;        /* push-constant bytes (multiple of 4; 0 = none) */
    uint32_t local_size[3];    /* values of specialization constants 0, 1, 2; 0 = 1 (all 0: none given) */
    const uint32_t *spec;      /* n_spec 32-bit values for specialization constants 3, 4, ... */
    uint32_t n_spec;
    uint64_t key;              /* nonzero: cache key; a second create with the same key returns the first pipeline */
    const char *name;          /* file name of the SPIR-V dump (desc.spirv_dump_dir); NULL = "key-<key in hex>", or
                                  "spirv-<hash of the words>" without a key */
} alpha_vk_pipeline_desc;

/* Built-in kernels (f32). Bindings, push constants and the dispatch shape of each:
   ADD      y[i] = a[i] + b[i]           a=0 b=1 y=2      {uint n}              ceil(n/64) groups (*)
   SCALE    y[i] = s * x[i]              x=0 y=1          {uint n; float s}     ceil(n/64) (*)
   GELU     y[i] = gelu_tanh(x[i])       x=0 y=1          {uint n}              ceil(n/64) (*)
   SOFTMAX  y[r,:] = softmax(x[r,:])     x=0 y=1          {uint rows, cols}     ceil(rows/64)
   MATMUL   c[M,N] = a[M,K] @ b[K,N]     a=0 b=1 c=2      {uint M, N, K}        ceil(N/8) x ceil(M/8)
   (row-major, contiguous). Workgroup sizes: 64x1x1, matmul 8x8x1 (specialization constants).
   (*) element i = gid.x + gid.y * NumWorkgroups.x * 64: beyond the device's limit of groups in
   x the wrappers dispatch a 2D grid (gx = the limit, gy = what is left over). */
typedef enum alpha_vk_kernel {
    ALPHA_VK_KERNEL_ADD = 0,
    ALPHA_VK_KERNEL_SCALE = 1,
    ALPHA_VK_KERNEL_GELU = 2,
    ALPHA_VK_KERNEL_SOFTMAX = 3,
    ALPHA_VK_KERNEL_MATMUL = 4,
    ALPHA_VK_KERNEL_COUNT = 5
} alpha_vk_kernel;

ALPHA_EXTERN_C_BEGIN

/* ---- runtime ---- */
/* Creates the runtime. On failure *out may still hold an object whose alpha_vk_last_error()
   says why (destroy it); it is NULL when even that could not be allocated. desc may be NULL.
   Errors: ALPHA_ERR_DEVICE (no Vulkan loader, no device, no device named like desc.device_name
   or ALPHA_VK_DEVICE, driver failure), ALPHA_ERR_OOM, ALPHA_ERR_UNSUPPORTED (built without
   ALPHA_VULKAN). */
ALPHA_API alpha_result alpha_vk_create(alpha_vk **out, const alpha_vk_desc *desc);
ALPHA_API void alpha_vk_destroy(alpha_vk *vk);                       /* NULL is fine */
ALPHA_API const char *alpha_vk_last_error(const alpha_vk *vk);       /* "" if none */
ALPHA_API const alpha_vk_info *alpha_vk_get_info(const alpha_vk *vk);
ALPHA_API uint32_t alpha_vk_validation_messages(const alpha_vk *vk); /* validation warnings + errors so far */
/* Writes the pipeline cache to path (NULL = the desc's or env's pipeline_cache_path) through a
   temporary file renamed over it, so a crash never leaves half a file. Errors: ALPHA_ERR_INVALID
   (no path at all), ALPHA_ERR_IO (the file cannot be written), ALPHA_ERR_DEVICE, ALPHA_ERR_OOM. */
ALPHA_API alpha_result alpha_vk_pipeline_cache_save(alpha_vk *vk, const char *path);

/* ---- buffers (device-local, sub-allocated) ---- */
ALPHA_API alpha_result alpha_vk_buffer_create(alpha_vk *vk, size_t bytes, alpha_vk_buffer **out);
ALPHA_API void alpha_vk_buffer_free(alpha_vk *vk, alpha_vk_buffer *buf);  /* waits for recorded work first */
ALPHA_API size_t alpha_vk_buffer_size(const alpha_vk_buffer *buf);
/* The buffer's GPU address (for PhysicalStorageBuffer pointers in kernels); 0 where the device
   has no bufferDeviceAddress. */
ALPHA_API uint64_t alpha_vk_buffer_address(alpha_vk *vk, const alpha_vk_buffer *buf);
/* Copies bytes between host memory and [offset, offset+bytes) of buf through the staging
   buffer; both submit and wait for recorded work first and return when the copy is done. */
ALPHA_API alpha_result alpha_vk_buffer_upload(alpha_vk *vk, alpha_vk_buffer *buf, size_t offset, const void *src, size_t bytes);
ALPHA_API alpha_result alpha_vk_buffer_download(alpha_vk *vk, alpha_vk_buffer *buf, size_t offset, void *dst, size_t bytes);

/* ---- pipelines and dispatch ---- */
ALPHA_API alpha_result alpha_vk_pipeline_create(alpha_vk *vk, const alpha_vk_pipeline_desc *desc, alpha_vk_pipeline **out);
ALPHA_API alpha_vk_pipeline *alpha_vk_pipeline_find(alpha_vk *vk, uint64_t key);  /* NULL if none */
ALPHA_API uint32_t alpha_vk_pipeline_count(const alpha_vk *vk);
/* Records one dispatch of groups[0] x groups[1] x groups[2] workgroups (a zero count records
   nothing) with buffers[0..pipeline's n_buffers-1] bound in order and push_size bytes of push
   constants (must equal the pipeline's push_size). */
ALPHA_API alpha_result alpha_vk_dispatch(alpha_vk *vk, alpha_vk_pipeline *pipe, alpha_vk_buffer *const *buffers,
                                         const void *push, uint32_t push_size, const uint32_t groups[3]);
ALPHA_API alpha_result alpha_vk_submit_and_wait(alpha_vk *vk);  /* no-op when nothing is recorded */

/* ---- profiling ----
   With ALPHA_VK_DESC_PROFILE (or ALPHA_VK_PROFILE=1) every dispatch recorded outside a capture
   gets a timestamp pair (up to 8192 per submit; more are counted as untimed), and the GPU time
   is summed per pipeline. Profile op by op (a captured step's dispatches are not timed).
   alpha_vk_profile_print writes one JSON line per pipeline, slowest first, then a total line;
   alpha_vk_profile_reset clears the sums. Both are no-ops without profiling. */
ALPHA_API void alpha_vk_profile_print(alpha_vk *vk, FILE *f);
ALPHA_API void alpha_vk_profile_reset(alpha_vk *vk);

/* ---- step capture ----
   alpha_vk_capture_begin submits what is recorded, then records every following dispatch into a
   reusable command buffer (with its own descriptor sets) instead of the one-shot stream, until
   alpha_vk_capture_end returns it as a capture; nothing in it has run yet. alpha_vk_replay runs a
   capture's dispatches (one submit) and waits: the same pipelines, push constants and buffer
   ranges, reading whatever the buffers hold then. While capturing, uploads, downloads, buffer
   frees and submits fail with ALPHA_ERR_STATE (they would need the work to have run). Captures
   left alive are freed by alpha_vk_destroy. */
typedef struct alpha_vk_capture alpha_vk_capture;
ALPHA_API alpha_result alpha_vk_capture_begin(alpha_vk *vk);
ALPHA_API alpha_result alpha_vk_capture_end(alpha_vk *vk, alpha_vk_capture **out);
ALPHA_API alpha_result alpha_vk_replay(alpha_vk *vk, alpha_vk_capture *cap);
ALPHA_API uint32_t alpha_vk_capture_dispatches(const alpha_vk_capture *cap);
ALPHA_API void alpha_vk_capture_free(alpha_vk *vk, alpha_vk_capture *cap);   /* NULL is fine */

/* ---- built-in kernels ---- */
/* Builds the SPIR-V module of a built-in kernel (needs no device: usable to check the words).
   Finish it with alpha_spirv_module_finish, destroy it with alpha_spirv_module_destroy.
   desc may be NULL (SPIR-V 1.5). */
ALPHA_API alpha_result alpha_vk_kernel_module(alpha_vk_kernel kernel, const alpha_spirv_module_desc *desc, alpha_spirv_module **out);
ALPHA_API const char *alpha_vk_kernel_name(alpha_vk_kernel kernel);  /* "add", ...; NULL if unknown */
/* The pipeline of a built-in kernel, generated on first use and cached. */
ALPHA_API alpha_result alpha_vk_kernel_pipeline(alpha_vk *vk, alpha_vk_kernel kernel, alpha_vk_pipeline **out);
/* Record the built-in kernels (element counts; buffers must be large enough). */
ALPHA_API alpha_result alpha_vk_add(alpha_vk *vk, alpha_vk_buffer *a, alpha_vk_buffer *b, alpha_vk_buffer *y, uint32_t n);
ALPHA_API alpha_result alpha_vk_scale(alpha_vk *vk, alpha_vk_buffer *x, alpha_vk_buffer *y, float s, uint32_t n);
ALPHA_API alpha_result alpha_vk_gelu(alpha_vk *vk, alpha_vk_buffer *x, alpha_vk_buffer *y, uint32_t n);
ALPHA_API alpha_result alpha_vk_softmax(alpha_vk *vk, alpha_vk_buffer *x, alpha_vk_buffer *y, uint32_t rows, uint32_t cols);
ALPHA_API alpha_result alpha_vk_matmul(alpha_vk *vk, alpha_vk_buffer *a, alpha_vk_buffer *b, alpha_vk_buffer *c,
                                       uint32_t m, uint32_t n, uint32_t k);

/* ---- TENSOR BACKEND: Vulkan as a device of alpha_tensor.h ----
   Fills *out with a backend for alpha_ctx_add_device(). Device memory is one buffer of
   arena_bytes (0 = 64 MiB; at most the device's maxStorageBufferRange) used as a bump arena
   that follows alpha_ctx_mark/alpha_ctx_reset; a tensor's storage handle encodes its byte
   offset in it. Ops record dispatches into vk's command stream; uploads and downloads are the
   sync points. Kernels: FILL (f32, i32), COPY (any strides: views, slices, broadcasts,
   alpha_assign, concat; 16-bit tensors too), NEG..CLAMP, ADD/SUB/MUL/DIV/EQUAL with
   NumPy broadcasting, SUM/MEAN/MAX/MIN/ARGMAX over any axes, SOFTMAX/LOG_SOFTMAX and their
   backward kernels over any axis, MATMUL (2-D and batched, broadcast batch dims, transposed
   views), LAYERNORM, ADD_LAYERNORM (residual add + layernorm in one dispatch), EMBEDDING,
   CROSS_ENTROPY and their backward kernels, WHERE (i32 or f32
   condition, broadcasting), DROPOUT (the CPU's Philox mask bit for bit), CAST between any two
   of f32, f16, bf16, i32 (any strides; bit for bit the CPU's rounding: to nearest even, NaNs
   quiet, overflow to Inf, subnormals kept), SUM_SQUARES (fixed order), SCATTER_ADD_LAST, TOPK,
   UNARY_BACKWARD, ADAMW (schedule and global norm read from device tensors), ATTENTION and
   ATTENTION_BACKWARD (fused causal attention, q/k/v views read in place). The backend supports
   step capture (capture_begin/capture_end/replay/graph_free). Anything else (a 16-bit fill, a layout with too many dims after
   merging) fails with ALPHA_ERR_UNSUPPORTED: there is no CPU fallback. vk must outlive the context (alpha_ctx_destroy calls out->destroy, which frees
   the arena); if the backend is never added, call out->destroy(out->user) yourself. */
ALPHA_API alpha_result alpha_vk_backend(alpha_vk *vk, size_t arena_bytes, alpha_backend *out);
/* The most bytes of be's arena in use at once since it was made: tensors, plus the scratch some
   kernels take above them (split products' partial sums, the embedding backward's links); 0 for
   other backends. */
ALPHA_API size_t alpha_vk_backend_peak(const alpha_backend *be);

/* Matrix products of the tensor backend (MATMUL nodes, f32 tensors):
   ALPHA_VK_MATMUL_FP32  f32 arithmetic throughout (the tiled scalar kernel; the default): each
                         output sums its k products in order (split along k for products with
                         few output tiles: in order within each chunk, then the chunks in order)
   ALPHA_VK_MATMUL_BF16  operands rounded to bf16 as the kernel stages them, products summed in
                         f32 on cooperative matrices (PyTorch's float32 matmul precision "medium");
                         needs alpha_vk_info.coopmat_bf16
   ALPHA_VK_MATMUL_F16   likewise with f16 operands (info.coopmat_f16; f16's range: gradients
                         under 6e-8 flush to 0, so training wants bf16)
   Tensors stay f32 in memory; only the products lose precision (bf16: about 3e-3 relative).
   Attention with head size 16, 32 or 64 follows the precision too (flash attention on
   cooperative matrices: q, k, v, the weights and their gradients in 16 bits, sums in f32;
   H100, gpt2 B=3: 14.7 -> 7.7 ms of attention per step); ALPHA_VK_COOP_ATTENTION=0 in the
   environment at alpha_vk_create keeps it on the f32 kernels.
   Taken by each dispatch as it is recorded (a captured step keeps the precision it was captured
   with). ALPHA_VK_MATMUL=fp32|bf16|f16 in the environment sets it at alpha_vk_create (an
   unsupported one is logged and ignored). Returns ALPHA_ERR_UNSUPPORTED where the device lacks it. */
#define ALPHA_VK_MATMUL_FP32 0
#define ALPHA_VK_MATMUL_BF16 1
#define ALPHA_VK_MATMUL_F16 2
ALPHA_API alpha_result alpha_vk_set_matmul_precision(alpha_vk *vk, int precision);
ALPHA_API int alpha_vk_matmul_precision(const alpha_vk *vk);   /* ALPHA_VK_MATMUL_*; FP32 for NULL */

ALPHA_EXTERN_C_END

#endif /* ALPHA_VK_H */

/* ======================================================================================== */
#if (defined(ALPHA_IMPLEMENTATION) || defined(ALPHA_VK_IMPLEMENTATION)) && !defined(ALPHA_VK_IMPLEMENTED)
#define ALPHA_VK_IMPLEMENTED
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef ALPHA_MALLOC
#define ALPHA_MALLOC(sz) malloc(sz)
#endif
#ifndef ALPHA_FREE
#define ALPHA_FREE(p) free(p)
#endif

/* ---- built-in kernels: SPIR-V generation (no device needed) ---- */
static const char *const alpha__vk_kernel_names[ALPHA_VK_KERNEL_COUNT] = {"add", "scale", "gelu", "softmax", "matmul"};

ALPHA_API const char *alpha_vk_kernel_name(alpha_vk_kernel kernel) {
    return (int)kernel >= 0 && (int)kernel < ALPHA_VK_KERNEL_COUNT ? alpha__vk_kernel_names[kernel] : NULL;
}

/* workgroup size of each built-in kernel */
static void alpha__vk_kernel_local(alpha_vk_kernel kernel, uint32_t ls[3]) {
    ls[0] = kernel == ALPHA_VK_KERNEL_MATMUL ? 8u : 64u;
    ls[1] = kernel == ALPHA_VK_KERNEL_MATMUL ? 8u : 1u;
    ls[2] = 1u;
}

/* Closes a kernel's function and hands the module out, or destroys it on a builder error. */
static alpha_result alpha__vk_module_end(alpha_spirv_module *m, alpha_spirv_module **out) {
    alpha_result r;
    alpha_spirv_return(m);
    alpha_spirv_function_end(m);
    r = alpha_spirv_module_result(m);
    if (r != ALPHA_OK) { alpha_spirv_module_destroy(m); return r; }
    *out = m;
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_vk_kernel_module(alpha_vk_kernel kernel, const alpha_spirv_module_desc *desc, alpha_spirv_module **out) {
    alpha_spirv_module *m = NULL;
    alpha_result r;
    uint32_t f32, u32, pc, fn, gx, n, x, y, b, v, t, members[3], ids[3], ls[3];
    static const uint32_t spec_ids[3] = {0, 1, 2};
    if (!out) return ALPHA_ERR_INVALID;
    *out = NULL;
    if ((int)kernel < 0 || (int)kernel >= ALPHA_VK_KERNEL_COUNT) return ALPHA_ERR_INVALID;
    r = alpha_spirv_module_create(&m, desc);
    if (r != ALPHA_OK) { alpha_spirv_module_destroy(m); return r; }
    f32 = alpha_spirv_type_f32(m);
    u32 = alpha_spirv_type_u32(m);
    alpha__vk_kernel_local(kernel, ls);
    members[0] = u32; members[1] = u32; members[2] = u32;
    if (kernel == ALPHA_VK_KERNEL_SCALE) members[1] = f32;
    pc = alpha_spirv_push_constants(m, kernel == ALPHA_VK_KERNEL_ADD || kernel == ALPHA_VK_KERNEL_GELU ? 1
                                       : kernel == ALPHA_VK_KERNEL_MATMUL ? 3 : 2, members);
    x = alpha_spirv_buffer(m, f32, 0, 0, ALPHA_SPIRV_READONLY);
    if (kernel == ALPHA_VK_KERNEL_ADD || kernel == ALPHA_VK_KERNEL_MATMUL) {
        b = alpha_spirv_buffer(m, f32, 0, 1, ALPHA_SPIRV_READONLY);
        y = alpha_spirv_buffer(m, f32, 0, 2, 0);
    } else {
        b = 0;
        y = alpha_spirv_buffer(m, f32, 0, 1, 0);
    }
    fn = alpha_spirv_compute_begin(m, "main", 0, 0, 0);
    alpha_spirv_local_size_spec(m, fn, ls[0], ls[1], ls[2], spec_ids, ids);
    gx = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInGlobalInvocationId, 0);
    n = alpha_spirv_load_member(m, pc, 0);
    if (kernel == ALPHA_VK_KERNEL_MATMUL) {
        /* row = gid.y < M, col = gid.x < N: c[row*N+col] = sum_k a[row*K+k] * b[k*N+col] */
        uint32_t gy = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInGlobalInvocationId, 1);
        uint32_t nn = alpha_spirv_load_member(m, pc, 1), kk = alpha_spirv_load_member(m, pc, 2);
        uint32_t acc = alpha_spirv_local(m, f32), k;
        alpha_spirv_if_begin(m, alpha_spirv_land(m, alpha_spirv_ilt(m, gy, n), alpha_spirv_ilt(m, gx, nn)));
        alpha_spirv_store(m, acc, alpha_spirv_const_f32(m, 0.0f));
        k = alpha_spirv_for_begin(m, alpha_spirv_const_u32(m, 0), kk, alpha_spirv_const_u32(m, 1));
        v = alpha_spirv_fmul(m, alpha_spirv_load(m, alpha_spirv_buffer_at(m, x, alpha_spirv_iadd(m, alpha_spirv_imul(m, gy, kk), k))),
                             alpha_spirv_load(m, alpha_spirv_buffer_at(m, b, alpha_spirv_iadd(m, alpha_spirv_imul(m, k, nn), gx))));
        alpha_spirv_store(m, acc, alpha_spirv_fadd(m, alpha_spirv_load(m, acc), v));
        alpha_spirv_for_end(m);
        alpha_spirv_store(m, alpha_spirv_buffer_at(m, y, alpha_spirv_iadd(m, alpha_spirv_imul(m, gy, nn), gx)), alpha_spirv_load(m, acc));
        alpha_spirv_if_end(m);
    } else if (kernel == ALPHA_VK_KERNEL_SOFTMAX) {
        /* one invocation per row: max, exp and sum, normalize */
        uint32_t cols = alpha_spirv_load_member(m, pc, 1), base, j, mx = alpha_spirv_local(m, f32), sum = alpha_spirv_local(m, f32);
        uint32_t zero = alpha_spirv_const_u32(m, 0), one = alpha_spirv_const_u32(m, 1), inv;
        alpha_spirv_if_begin(m, alpha_spirv_ilt(m, gx, n));
        base = alpha_spirv_imul(m, gx, cols);
        alpha_spirv_store(m, mx, alpha_spirv_const_f32(m, -3.4028234e38f));
        alpha_spirv_store(m, sum, alpha_spirv_const_f32(m, 0.0f));
        j = alpha_spirv_for_begin(m, zero, cols, one);
        v = alpha_spirv_load(m, alpha_spirv_buffer_at(m, x, alpha_spirv_iadd(m, base, j)));
        alpha_spirv_store(m, mx, alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450FMax, 2, alpha_spirv_load(m, mx), v));
        alpha_spirv_for_end(m);
        j = alpha_spirv_for_begin(m, zero, cols, one);
        v = alpha_spirv_load(m, alpha_spirv_buffer_at(m, x, alpha_spirv_iadd(m, base, j)));
        v = alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450Exp, 1, alpha_spirv_fsub(m, v, alpha_spirv_load(m, mx)));
        alpha_spirv_store(m, alpha_spirv_buffer_at(m, y, alpha_spirv_iadd(m, base, j)), v);
        alpha_spirv_store(m, sum, alpha_spirv_fadd(m, alpha_spirv_load(m, sum), v));
        alpha_spirv_for_end(m);
        inv = alpha_spirv_fdiv(m, alpha_spirv_const_f32(m, 1.0f), alpha_spirv_load(m, sum));
        j = alpha_spirv_for_begin(m, zero, cols, one);
        t = alpha_spirv_buffer_at(m, y, alpha_spirv_iadd(m, base, j));
        alpha_spirv_store(m, t, alpha_spirv_fmul(m, alpha_spirv_load(m, t), inv));
        alpha_spirv_for_end(m);
        alpha_spirv_if_end(m);
    } else {
        /* i = gid.x + gid.y * (NumWorkgroups.x * local size x): a 2D grid covers more elements
           than one dimension of workgroups can */
        uint32_t gy = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInGlobalInvocationId, 1);
        uint32_t nwx = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInNumWorkgroups, 0);
        gx = alpha_spirv_iadd(m, gx, alpha_spirv_imul(m, gy, alpha_spirv_imul(m, nwx, ids[0])));
        alpha_spirv_if_begin(m, alpha_spirv_ilt(m, gx, n));
        v = alpha_spirv_load(m, alpha_spirv_buffer_at(m, x, gx));
        if (kernel == ALPHA_VK_KERNEL_ADD) {
            v = alpha_spirv_fadd(m, v, alpha_spirv_load(m, alpha_spirv_buffer_at(m, b, gx)));
        } else if (kernel == ALPHA_VK_KERNEL_SCALE) {
            v = alpha_spirv_fmul(m, alpha_spirv_load_member(m, pc, 1), v);
        } else { /* GELU, tanh form; the tanh argument is clamped to +-15 where tanh is +-1 in f32 */
            t = alpha_spirv_fmul(m, alpha_spirv_fmul(m, v, v), v);
            t = alpha_spirv_fadd(m, v, alpha_spirv_fmul(m, alpha_spirv_const_f32(m, 0.044715f), t));
            t = alpha_spirv_fmul(m, alpha_spirv_const_f32(m, 0.7978845608f), t);
            t = alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450FClamp, 3, t, alpha_spirv_const_f32(m, -15.0f), alpha_spirv_const_f32(m, 15.0f));
            t = alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450Tanh, 1, t);
            t = alpha_spirv_fadd(m, alpha_spirv_const_f32(m, 1.0f), t);
            v = alpha_spirv_fmul(m, alpha_spirv_fmul(m, alpha_spirv_const_f32(m, 0.5f), v), t);
        }
        alpha_spirv_store(m, alpha_spirv_buffer_at(m, y, gx), v);
        alpha_spirv_if_end(m);
    }
    return alpha__vk_module_end(m, out);
}

#ifndef ALPHA_VULKAN
/* ---- built without ALPHA_VULKAN: every runtime function reports ALPHA_ERR_UNSUPPORTED ---- */
#define ALPHA__VK_NO_VULKAN "alpha_vk: built without ALPHA_VULKAN (define it, with volk.h available, before the implementation)"
ALPHA_API alpha_result alpha_vk_create(alpha_vk **out, const alpha_vk_desc *desc) {
    const alpha_logger *lg = desc ? &desc->logger : NULL;
    if (out) *out = NULL;
    if (lg && lg->func) lg->func(lg->user_data, ALPHA_LOG_ERROR, ALPHA__VK_NO_VULKAN);
    return ALPHA_ERR_UNSUPPORTED;
}
ALPHA_API void alpha_vk_destroy(alpha_vk *vk) { (void)vk; }
ALPHA_API const char *alpha_vk_last_error(const alpha_vk *vk) { (void)vk; return ALPHA__VK_NO_VULKAN; }
ALPHA_API const alpha_vk_info *alpha_vk_get_info(const alpha_vk *vk) { (void)vk; return NULL; }
ALPHA_API uint32_t alpha_vk_validation_messages(const alpha_vk *vk) { (void)vk; return 0; }
ALPHA_API alpha_result alpha_vk_pipeline_cache_save(alpha_vk *vk, const char *path) { (void)vk; (void)path; return ALPHA_ERR_UNSUPPORTED; }
ALPHA_API alpha_result alpha_vk_buffer_create(alpha_vk *vk, size_t bytes, alpha_vk_buffer **out) {
    (void)vk; (void)bytes; if (out) *out = NULL; return ALPHA_ERR_UNSUPPORTED;
}
ALPHA_API void alpha_vk_buffer_free(alpha_vk *vk, alpha_vk_buffer *buf) { (void)vk; (void)buf; }
ALPHA_API size_t alpha_vk_buffer_size(const alpha_vk_buffer *buf) { (void)buf; return 0; }
ALPHA_API uint64_t alpha_vk_buffer_address(alpha_vk *vk, const alpha_vk_buffer *buf) { (void)vk; (void)buf; return 0; }
ALPHA_API alpha_result alpha_vk_buffer_upload(alpha_vk *vk, alpha_vk_buffer *buf, size_t offset, const void *src, size_t bytes) {
    (void)vk; (void)buf; (void)offset; (void)src; (void)bytes; return ALPHA_ERR_UNSUPPORTED;
}
ALPHA_API alpha_result alpha_vk_buffer_download(alpha_vk *vk, alpha_vk_buffer *buf, size_t offset, void *dst, size_t bytes) {
    (void)vk; (void)buf; (void)offset; (void)dst; (void)bytes; return ALPHA_ERR_UNSUPPORTED;
}
ALPHA_API alpha_result alpha_vk_pipeline_create(alpha_vk *vk, const alpha_vk_pipeline_desc *desc, alpha_vk_pipeline **out) {
    (void)vk; (void)desc; if (out) *out = NULL; return ALPHA_ERR_UNSUPPORTED;
}
ALPHA_API alpha_vk_pipeline *alpha_vk_pipeline_find(alpha_vk *vk, uint64_t key) { (void)vk; (void)key; return NULL; }
ALPHA_API uint32_t alpha_vk_pipeline_count(const alpha_vk *vk) { (void)vk; return 0; }
ALPHA_API alpha_result alpha_vk_dispatch(alpha_vk *vk, alpha_vk_pipeline *pipe, alpha_vk_buffer *const *buffers,
                                         const void *push, uint32_t push_size, const uint32_t groups[3]) {
    (void)vk; (void)pipe; (void)buffers; (void)push; (void)push_size; (void)groups; return ALPHA_ERR_UNSUPPORTED;
}
ALPHA_API alpha_result alpha_vk_submit_and_wait(alpha_vk *vk) { (void)vk; return ALPHA_ERR_UNSUPPORTED; }
ALPHA_API void alpha_vk_profile_print(alpha_vk *vk, FILE *f) { (void)vk; (void)f; }
ALPHA_API void alpha_vk_profile_reset(alpha_vk *vk) { (void)vk; }
ALPHA_API alpha_result alpha_vk_capture_begin(alpha_vk *vk) { (void)vk; return ALPHA_ERR_UNSUPPORTED; }
ALPHA_API alpha_result alpha_vk_capture_end(alpha_vk *vk, alpha_vk_capture **out) {
    (void)vk; if (out) *out = NULL; return ALPHA_ERR_UNSUPPORTED;
}
ALPHA_API alpha_result alpha_vk_replay(alpha_vk *vk, alpha_vk_capture *cap) { (void)vk; (void)cap; return ALPHA_ERR_UNSUPPORTED; }
ALPHA_API uint32_t alpha_vk_capture_dispatches(const alpha_vk_capture *cap) { (void)cap; return 0; }
ALPHA_API void alpha_vk_capture_free(alpha_vk *vk, alpha_vk_capture *cap) { (void)vk; (void)cap; }
ALPHA_API alpha_result alpha_vk_kernel_pipeline(alpha_vk *vk, alpha_vk_kernel kernel, alpha_vk_pipeline **out) {
    (void)vk; (void)kernel; if (out) *out = NULL; return ALPHA_ERR_UNSUPPORTED;
}
ALPHA_API alpha_result alpha_vk_add(alpha_vk *vk, alpha_vk_buffer *a, alpha_vk_buffer *b, alpha_vk_buffer *y, uint32_t n) {
    (void)vk; (void)a; (void)b; (void)y; (void)n; return ALPHA_ERR_UNSUPPORTED;
}
ALPHA_API alpha_result alpha_vk_scale(alpha_vk *vk, alpha_vk_buffer *x, alpha_vk_buffer *y, float s, uint32_t n) {
    (void)vk; (void)x; (void)y; (void)s; (void)n; return ALPHA_ERR_UNSUPPORTED;
}
ALPHA_API alpha_result alpha_vk_gelu(alpha_vk *vk, alpha_vk_buffer *x, alpha_vk_buffer *y, uint32_t n) {
    (void)vk; (void)x; (void)y; (void)n; return ALPHA_ERR_UNSUPPORTED;
}
ALPHA_API alpha_result alpha_vk_softmax(alpha_vk *vk, alpha_vk_buffer *x, alpha_vk_buffer *y, uint32_t rows, uint32_t cols) {
    (void)vk; (void)x; (void)y; (void)rows; (void)cols; return ALPHA_ERR_UNSUPPORTED;
}
ALPHA_API alpha_result alpha_vk_matmul(alpha_vk *vk, alpha_vk_buffer *a, alpha_vk_buffer *b, alpha_vk_buffer *c,
                                       uint32_t m, uint32_t n, uint32_t k) {
    (void)vk; (void)a; (void)b; (void)c; (void)m; (void)n; (void)k; return ALPHA_ERR_UNSUPPORTED;
}
ALPHA_API alpha_result alpha_vk_backend(alpha_vk *vk, size_t arena_bytes, alpha_backend *out) {
    (void)vk; (void)arena_bytes; if (out) memset(out, 0, sizeof *out); return ALPHA_ERR_UNSUPPORTED;
}
ALPHA_API size_t alpha_vk_backend_peak(const alpha_backend *be) { (void)be; return 0; }
ALPHA_API alpha_result alpha_vk_set_matmul_precision(alpha_vk *vk, int precision) { (void)vk; (void)precision; return ALPHA_ERR_UNSUPPORTED; }
ALPHA_API int alpha_vk_matmul_precision(const alpha_vk *vk) { (void)vk; return ALPHA_VK_MATMUL_FP32; }
#else /* ALPHA_VULKAN */
/* ---- the Vulkan implementation ---- */
#ifndef VOLK_H_
#include <volk.h>
#endif
#ifdef _WIN32
#include <windows.h>   /* the deferred pipeline compiles' worker threads */
#else
#include <pthread.h>
#endif

#define ALPHA__VK_MAX_BINDINGS 16u
#define ALPHA__VK_SETS_PER_POOL 256u

typedef struct alpha__vk_block { VkDeviceSize offset, size; int used; } alpha__vk_block;
typedef struct alpha__vk_slab {
    VkDeviceMemory memory;      /* VK_NULL_HANDLE: slot unused */
    VkBuffer buffer;            /* one VkBuffer over the whole slab */
    VkDeviceSize size;
    int dedicated;              /* made for one large buffer: released when it is freed */
    alpha__vk_block *blocks;    /* sorted by offset, covering [0, size) */
    uint32_t n_blocks, cap_blocks;
} alpha__vk_slab;

struct alpha_vk_buffer {
    uint32_t slab, index;       /* index in vk->buffers */
    VkDeviceSize offset, alloc_size;
    size_t size;
};

struct alpha_vk_pipeline {
    uint64_t key;
    uint32_t n_buffers, push_size;
    char name[64];              /* for profiles: desc.name, else key-<hex> */
    double prof_ns;             /* GPU time of its timed dispatches */
    uint64_t prof_count;
    VkShaderModule module;
    VkDescriptorSetLayout set_layout;
    VkPipelineLayout layout;
    VkPipeline pipeline;
    /* deferred (the tensor backend's kernels): the compute pipeline is created at the next flush,
       together with the others pending, on worker threads (alpha__vk_flush) */
    int pending, failed;
    VkComputePipelineCreateInfo cpi;
    VkSpecializationInfo spec;
    VkSpecializationMapEntry *map;
    uint32_t *data;
    VkResult vr;
};

/* a dispatch held back until the pipelines it waits for are compiled (alpha__vk_flush) */
#define ALPHA__VK_MAX_PUSH 256u
typedef struct alpha__vk_deferred {
    alpha_vk_pipeline *pipe;
    alpha_vk_buffer *bufs[ALPHA__VK_MAX_BINDINGS];
    uint32_t push[ALPHA__VK_MAX_PUSH / 4], push_size, groups[3];
} alpha__vk_deferred;

/* instance-level functions, loaded for our instance with vkGetInstanceProcAddr */
#define ALPHA__VK_INSTANCE_FUNCS(X) \
    X(DestroyInstance) X(EnumeratePhysicalDevices) X(GetPhysicalDeviceProperties) X(GetPhysicalDeviceProperties2) \
    X(GetPhysicalDeviceFeatures2) X(GetPhysicalDeviceQueueFamilyProperties) X(GetPhysicalDeviceMemoryProperties) \
    X(EnumerateDeviceExtensionProperties) X(CreateDevice) X(GetDeviceProcAddr)
#define ALPHA__VK_FIELD(name) PFN_vk##name name;
typedef struct alpha__vk_ifn {
    ALPHA__VK_INSTANCE_FUNCS(ALPHA__VK_FIELD)
    PFN_vkCreateDebugUtilsMessengerEXT CreateDebugUtilsMessengerEXT;   /* these two may be NULL */
    PFN_vkDestroyDebugUtilsMessengerEXT DestroyDebugUtilsMessengerEXT;
} alpha__vk_ifn;

/* ALPHA_VK_TUNE's kernel shapes (the tensor backend's variant bits ALPHA__VKT_MC_DEEP, _WIDE, ALPHA__VKT_FA_PRE) */
#define ALPHA__VK_TUNE_DEEP 1u
#define ALPHA__VK_TUNE_WIDE 2u
#define ALPHA__VK_TUNE_FAPRE 4u
struct alpha_vk {
    alpha_logger logger;
    alpha_allocator allocator;
    char err[1024];
    alpha_vk_info info;
    uint32_t validation_count;
    VkInstance instance;
    alpha__vk_ifn fn;           /* instance functions of our instance (volk's globals may belong to another) */
    VkDebugUtilsMessengerEXT messenger;
    VkPhysicalDevice phys;
    VkDevice device;
    VkQueue queue;
    uint32_t queue_family;
    struct VolkDeviceTable t;
    VkPhysicalDeviceMemoryProperties mem;
    VkDeviceSize slab_size, align;
    alpha__vk_slab *slabs;
    uint32_t n_slabs, cap_slabs;
    alpha_vk_buffer **buffers;
    uint32_t n_buffers, cap_buffers;
    VkBuffer staging;
    VkDeviceMemory staging_mem;
    void *staging_map;
    VkDeviceSize staging_size;
    VkCommandPool cmd_pool;
    VkCommandBuffer cmd, xfer;
    int recording;
    VkSemaphore timeline;
    uint64_t timeline_value;
    VkFence fence;
    VkDescriptorPool *dpools;
    uint32_t n_dpools, cap_dpools, cur_dpool;
    VkPipelineCache pcache;
    char *cache_path;           /* copy of desc.pipeline_cache_path (or the env's); NULL: none */
    char *dump_dir;             /* copy of desc.spirv_dump_dir (or the env's); NULL: none */
    int host;                   /* instance, device and queue are the host's (desc.host): not ours to destroy */
    void (*lock_queue)(void *user), (*unlock_queue)(void *user), *lock_user; /* desc.host's, or NULL */
    uint8_t cache_uuid[VK_UUID_SIZE]; /* pipelineCacheUUID of the device: a cache file must carry it */
    alpha_vk_pipeline **pipes;
    uint32_t n_pipes, cap_pipes;
    alpha__vk_deferred *deferred;   /* dispatches recorded at the next flush, in order */
    uint32_t n_deferred, cap_deferred;
    alpha_vk_buffer *prev[ALPHA__VK_MAX_BINDINGS];
    uint32_t n_prev;
    int prev_unbound;           /* the last dispatch bound no buffer (it used device addresses) */
    int no_bda;                 /* ALPHA_VK_DESC_NO_BDA */
    int matmul_precision;       /* ALPHA_VK_MATMUL_*: the backend's MATMUL kernels */
    int coop_attention;         /* attention on cooperative matrices in bf16/f16 modes (ALPHA_VK_COOP_ATTENTION=0: off) */
    int emulate16;              /* bf16/f16 products without cooperative matrices: PACK + the scalar GEMM over the copies
                                   (ALPHA__VKT_MC_HALF2; ALPHA_VK_EMULATE16=1: for tests, lavapipe runs the 16-bit data path) */
    int pipe_stats;             /* ALPHA_VK_PIPELINE_STATS=1 and VK_KHR_pipeline_executable_properties: alpha__vk_pipeline_stats */
    uint32_t tune;              /* kernel shapes under measurement: ALPHA__VK_TUNE_* (ALPHA_VK_TUNE: deep, wide, fapre) */
    uint32_t layer_version;     /* specVersion of the validation layer we enabled (0: none) */
    int lost;                   /* sticky: the device was lost */
    /* profiling: a timestamp pair around each dispatch of the one-shot stream */
    VkQueryPool prof_pool;
    uint32_t prof_cap, prof_n;  /* pairs that fit, pairs written since the stream began */
    alpha_vk_pipeline **prof_pipe;
    uint64_t *prof_ts;          /* 2 * prof_cap timestamps read back */
    double prof_period;         /* ns per timestamp tick */
    uint64_t prof_untimed;
    alpha_vk_capture *capture;  /* being recorded: cmd and dpools above are its own until it ends */
    alpha_vk_capture *captures; /* live captures (a list through ->next), freed by alpha_vk_destroy */
};

/* A recorded step: its command buffer and the descriptor pools its sets came from. While it is
   being recorded, the runtime's one-shot cmd and dpools are parked in saved_*. */
struct alpha_vk_capture {
    VkCommandBuffer cmd;
    VkDescriptorPool *dpools;
    uint32_t n_dpools, cap_dpools, dispatches;
    int recorded;               /* cmd holds commands (a capture with no dispatch has none) */
    alpha_vk_capture *next;
    VkCommandBuffer saved_cmd;
    VkDescriptorPool *saved_dpools;
    uint32_t saved_n_dpools, saved_cap_dpools, saved_cur_dpool;
};

/* ---- memory, logging, errors ---- */
static void *alpha__vk_alloc(const alpha_allocator *a, size_t n) {
    if (n == 0) n = 1;
    return a->alloc ? a->alloc(a->user_data, n) : ALPHA_MALLOC(n);
}
static void alpha__vk_free(const alpha_allocator *a, void *p) {
    if (!p) return;
    if (a->alloc) { if (a->free) a->free(a->user_data, p); } else ALPHA_FREE(p);
}
/* grows *p (elements of size elem) to hold at least need elements; 0 on OOM */
static int alpha__vk_grow(const alpha_allocator *a, void **p, uint32_t *cap, uint32_t need, size_t elem) {
    uint32_t nc; void *np;
    if (need <= *cap) return 1;
    nc = *cap ? *cap * 2 : 8;
    while (nc < need) nc *= 2;
    np = alpha__vk_alloc(a, (size_t)nc * elem);
    if (!np) return 0;
    if (*p) { memcpy(np, *p, (size_t)*cap * elem); alpha__vk_free(a, *p); }
    *p = np; *cap = nc;
    return 1;
}
static void alpha__vk_log(const alpha_vk *vk, alpha_log_level lv, const char *msg) {
    if (vk->logger.func) vk->logger.func(vk->logger.user_data, lv, msg);
    else if (lv >= ALPHA_LOG_WARN) fprintf(stderr, "%s\n", msg);
}
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 3, 4)))
#endif
static alpha_result alpha__vk_fail(alpha_vk *vk, alpha_result r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(vk->err, sizeof vk->err, fmt, ap);
    va_end(ap);
    alpha__vk_log(vk, ALPHA_LOG_ERROR, vk->err);
    return r;
}
static const char *alpha__vk_result_name(VkResult r) {
    switch (r) {
    case VK_SUCCESS: return "VK_SUCCESS";
    case VK_NOT_READY: return "VK_NOT_READY";
    case VK_TIMEOUT: return "VK_TIMEOUT";
    case VK_INCOMPLETE: return "VK_INCOMPLETE";
    case VK_ERROR_OUT_OF_HOST_MEMORY: return "VK_ERROR_OUT_OF_HOST_MEMORY";
    case VK_ERROR_OUT_OF_DEVICE_MEMORY: return "VK_ERROR_OUT_OF_DEVICE_MEMORY";
    case VK_ERROR_INITIALIZATION_FAILED: return "VK_ERROR_INITIALIZATION_FAILED";
    case VK_ERROR_DEVICE_LOST: return "VK_ERROR_DEVICE_LOST";
    case VK_ERROR_MEMORY_MAP_FAILED: return "VK_ERROR_MEMORY_MAP_FAILED";
    case VK_ERROR_LAYER_NOT_PRESENT: return "VK_ERROR_LAYER_NOT_PRESENT";
    case VK_ERROR_EXTENSION_NOT_PRESENT: return "VK_ERROR_EXTENSION_NOT_PRESENT";
    case VK_ERROR_FEATURE_NOT_PRESENT: return "VK_ERROR_FEATURE_NOT_PRESENT";
    case VK_ERROR_INCOMPATIBLE_DRIVER: return "VK_ERROR_INCOMPATIBLE_DRIVER";
    case VK_ERROR_TOO_MANY_OBJECTS: return "VK_ERROR_TOO_MANY_OBJECTS";
    case VK_ERROR_OUT_OF_POOL_MEMORY: return "VK_ERROR_OUT_OF_POOL_MEMORY";
    case VK_ERROR_FRAGMENTED_POOL: return "VK_ERROR_FRAGMENTED_POOL";
    default: return "VkResult error";
    }
}
/* maps a failed VkResult to an alpha_result (and marks a lost device) */
static alpha_result alpha__vk_check(alpha_vk *vk, VkResult vr, const char *where) {
    alpha_result r;
    if (vr == VK_SUCCESS) return ALPHA_OK;
    r = vr == VK_ERROR_OUT_OF_HOST_MEMORY || vr == VK_ERROR_OUT_OF_DEVICE_MEMORY ? ALPHA_ERR_OOM : ALPHA_ERR_DEVICE;
    if (vr == VK_ERROR_DEVICE_LOST) vk->lost = 1;
    return alpha__vk_fail(vk, r, "%s failed: %s (%d)", where, alpha__vk_result_name(vr), (int)vr);
}
static int alpha__vk_icontains(const char *hay, const char *needle) {
    size_t i, j, n = strlen(needle), h = strlen(hay);
    if (n == 0) return 1;
    for (i = 0; i + n <= h; i++) {
        for (j = 0; j < n; j++) {
            int a = (unsigned char)hay[i + j], b = (unsigned char)needle[j];
            if (a >= 'A' && a <= 'Z') a += 'a' - 'A';
            if (b >= 'A' && b <= 'Z') b += 'a' - 'A';
            if (a != b) break;
        }
        if (j == n) return 1;
    }
    return 0;
}

static VKAPI_ATTR VkBool32 VKAPI_CALL alpha__vk_debug_cb(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                         VkDebugUtilsMessageTypeFlagsEXT types,
                                                         const VkDebugUtilsMessengerCallbackDataEXT *data, void *user) {
    alpha_vk *vk = (alpha_vk *)user;
    char msg[1536];
    alpha_log_level lv = ALPHA_LOG_DEBUG;
    (void)types;
    if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) lv = ALPHA_LOG_ERROR;
    else if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) lv = ALPHA_LOG_WARN;
    else if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_INFO_BIT_EXT) lv = ALPHA_LOG_INFO;
    if (lv >= ALPHA_LOG_WARN) vk->validation_count++;
    snprintf(msg, sizeof msg, "alpha_vk validation: %s", data && data->pMessage ? data->pMessage : "(no message)");
    alpha__vk_log(vk, lv, msg);
    return VK_FALSE;
}

static int alpha__vk_has_ext(const VkExtensionProperties *e, uint32_t n, const char *name) {
    uint32_t i;
    for (i = 0; i < n; i++) if (strcmp(e[i].extensionName, name) == 0) return 1;
    return 0;
}
static int alpha__vk_device_score(uint32_t type) {
    switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return 4;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return 3;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return 2;
    case VK_PHYSICAL_DEVICE_TYPE_CPU: return 1;
    default: return 0;
    }
}
/* queue family with compute (preferring one without graphics); UINT32_MAX if none */
static uint32_t alpha__vk_compute_family(alpha_vk *vk, VkPhysicalDevice pd) {
    VkQueueFamilyProperties q[32];
    uint32_t n = 0, i, best = UINT32_MAX;
    vk->fn.GetPhysicalDeviceQueueFamilyProperties(pd, &n, NULL);
    if (n > 32) n = 32;
    vk->fn.GetPhysicalDeviceQueueFamilyProperties(pd, &n, q);
    for (i = 0; i < n; i++) {
        if (!(q[i].queueFlags & VK_QUEUE_COMPUTE_BIT)) continue;
        if (best == UINT32_MAX || !(q[i].queueFlags & VK_QUEUE_GRAPHICS_BIT)) best = i;
        if (!(q[i].queueFlags & VK_QUEUE_GRAPHICS_BIT)) break;
    }
    return best;
}

static uint32_t alpha__vk_mem_type(const alpha_vk *vk, uint32_t bits, VkMemoryPropertyFlags want, VkMemoryPropertyFlags prefer) {
    uint32_t i, pass;
    for (pass = 0; pass < 2; pass++) {
        VkMemoryPropertyFlags need = pass == 0 ? (want | prefer) : want;
        for (i = 0; i < vk->mem.memoryTypeCount; i++)
            if ((bits & (1u << i)) && (vk->mem.memoryTypes[i].propertyFlags & need) == need) return i;
    }
    return UINT32_MAX;
}

/* a VkBuffer with its own memory (slabs and the staging buffer) */
static alpha_result alpha__vk_make_buffer(alpha_vk *vk, VkDeviceSize size, VkBufferUsageFlags usage, VkMemoryPropertyFlags want,
                                          VkMemoryPropertyFlags prefer, VkBuffer *buf, VkDeviceMemory *mem, const char *where) {
    VkBufferCreateInfo bi;
    VkMemoryRequirements req;
    VkMemoryAllocateInfo ai;
    VkResult vr;
    uint32_t type;
    *buf = VK_NULL_HANDLE; *mem = VK_NULL_HANDLE;
    int bda = vk->info.buffer_device_address && (usage & VK_BUFFER_USAGE_STORAGE_BUFFER_BIT);
    VkMemoryAllocateFlagsInfo fi;
    memset(&bi, 0, sizeof bi);
    bi.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO;
    bi.size = size;
    bi.usage = usage | (bda ? VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT : 0);
    bi.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    vr = vk->t.vkCreateBuffer(vk->device, &bi, NULL, buf);
    if (vr != VK_SUCCESS) return alpha__vk_check(vk, vr, where);
    vk->t.vkGetBufferMemoryRequirements(vk->device, *buf, &req);
    type = alpha__vk_mem_type(vk, req.memoryTypeBits, want, prefer);
    if (type == UINT32_MAX) {
        vk->t.vkDestroyBuffer(vk->device, *buf, NULL); *buf = VK_NULL_HANDLE;
        return alpha__vk_fail(vk, ALPHA_ERR_DEVICE, "%s: no memory type with flags 0x%x for the buffer", where, (unsigned)want);
    }
    memset(&ai, 0, sizeof ai);
    ai.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO;
    ai.allocationSize = req.size;
    ai.memoryTypeIndex = type;
    if (bda) {
        memset(&fi, 0, sizeof fi);
        fi.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_FLAGS_INFO;
        fi.flags = VK_MEMORY_ALLOCATE_DEVICE_ADDRESS_BIT;
        ai.pNext = &fi;
    }
    vr = vk->t.vkAllocateMemory(vk->device, &ai, NULL, mem);
    if (vr != VK_SUCCESS) {
        *mem = VK_NULL_HANDLE;
        vk->t.vkDestroyBuffer(vk->device, *buf, NULL); *buf = VK_NULL_HANDLE;
        if (vr == VK_ERROR_OUT_OF_DEVICE_MEMORY || vr == VK_ERROR_OUT_OF_HOST_MEMORY)
            return alpha__vk_fail(vk, ALPHA_ERR_OOM, "%s: out of %s memory: vkAllocateMemory of %llu bytes (memory type %u, heap of %llu bytes) "
                                  "failed: %s", where, vr == VK_ERROR_OUT_OF_DEVICE_MEMORY ? "device" : "host", (unsigned long long)req.size,
                                  type, (unsigned long long)vk->mem.memoryHeaps[vk->mem.memoryTypes[type].heapIndex].size,
                                  alpha__vk_result_name(vr));
        return alpha__vk_check(vk, vr, where);
    }
    vr = vk->t.vkBindBufferMemory(vk->device, *buf, *mem, 0);
    if (vr != VK_SUCCESS) {
        vk->t.vkDestroyBuffer(vk->device, *buf, NULL); *buf = VK_NULL_HANDLE;
        vk->t.vkFreeMemory(vk->device, *mem, NULL); *mem = VK_NULL_HANDLE;
        return alpha__vk_check(vk, vr, where);
    }
    return ALPHA_OK;
}

/* VK_KHR_cooperative_matrix and VK_KHR_shader_bfloat16 structures, declared here because the
   Vulkan headers of Debian 12 (1.3.239) predate them; the values are the registry's */
#define ALPHA__VK_ST_COOPMAT_FEATURES 1000506000
#define ALPHA__VK_ST_COOPMAT_PROPERTIES 1000506001
#define ALPHA__VK_ST_BF16_FEATURES 1000141000
#define ALPHA__VK_COMPONENT_F16 0
#define ALPHA__VK_COMPONENT_F32 1
#define ALPHA__VK_COMPONENT_BF16 1000141000
#define ALPHA__VK_SCOPE_SUBGROUP 3
#define ALPHA__VK_LAYER_KNOWS_BF16 311   /* the Vulkan 1.4 header patch level that brought VK_KHR_shader_bfloat16 */
typedef struct alpha__vk_coopmat_features { VkStructureType sType; void *pNext; VkBool32 cooperative_matrix, robust_access; } alpha__vk_coopmat_features;
typedef struct alpha__vk_bf16_features { VkStructureType sType; void *pNext; VkBool32 type, dot, coopmat; } alpha__vk_bf16_features;
typedef struct alpha__vk_coopmat_props {
    VkStructureType sType; void *pNext;
    uint32_t m, n, k;
    int32_t a_type, b_type, c_type, result_type;
    VkBool32 saturating;
    int32_t scope;
} alpha__vk_coopmat_props;
typedef VkResult (VKAPI_PTR *alpha__vk_coopmat_props_fn)(VkPhysicalDevice, uint32_t *, alpha__vk_coopmat_props *);

/* the shapes the GEMM tier uses: 16x16x16, f16 or bf16 inputs, f32 accumulators, subgroups of 32 */
static void alpha__vk_probe_coopmat(alpha_vk *vk) {
    alpha__vk_coopmat_props props[64];
    uint32_t n = 64, i;
    alpha__vk_coopmat_props_fn fn = (alpha__vk_coopmat_props_fn)vkGetInstanceProcAddr(vk->instance, "vkGetPhysicalDeviceCooperativeMatrixPropertiesKHR");
    vk->info.coopmat_f16 = vk->info.coopmat_bf16 = 0;
    if (!fn || !vk->info.coopmat_khr || vk->info.subgroup_size != 32 || vk->info.max_shared_memory < 49152) return;   /* the GEMM's 48 KiB */
    memset(props, 0, sizeof props);
    for (i = 0; i < n; i++) props[i].sType = (VkStructureType)ALPHA__VK_ST_COOPMAT_PROPERTIES;
    if (fn(vk->phys, &n, props) < 0) return;
    for (i = 0; i < n && i < 64; i++) {
        const alpha__vk_coopmat_props *p = &props[i];
        if (p->m != 16 || p->n != 16 || p->k != 16 || p->scope != ALPHA__VK_SCOPE_SUBGROUP || p->saturating ||
            p->c_type != ALPHA__VK_COMPONENT_F32 || p->result_type != ALPHA__VK_COMPONENT_F32 || p->a_type != p->b_type) continue;
        if (p->a_type == ALPHA__VK_COMPONENT_F16 && vk->info.float16_arith) vk->info.coopmat_f16 = 1;
        if (p->a_type == ALPHA__VK_COMPONENT_BF16 && vk->info.bf16) vk->info.coopmat_bf16 = 1;
    }
}

/* fills vk->info from the physical device; *has_sgc: subgroup size control structures usable */
static void alpha__vk_probe(alpha_vk *vk, uint32_t api, const VkExtensionProperties *ext, uint32_t n_ext,
                            VkPhysicalDeviceVulkan11Features *f11, VkPhysicalDeviceVulkan12Features *f12) {
    VkPhysicalDeviceProperties2 p2;
    VkPhysicalDeviceSubgroupProperties sg;
    VkPhysicalDeviceSubgroupSizeControlProperties sgc;
    VkPhysicalDeviceFeatures2 f2;
    VkPhysicalDeviceSubgroupSizeControlFeatures fsc;
    alpha__vk_coopmat_features fcm;
    alpha__vk_bf16_features fbf;
    alpha_vk_info *in = &vk->info;
    int has_cm = api >= VK_API_VERSION_1_2 && alpha__vk_has_ext(ext, n_ext, "VK_KHR_cooperative_matrix");
    int has_bf = has_cm && alpha__vk_has_ext(ext, n_ext, "VK_KHR_shader_bfloat16");
    const VkPhysicalDeviceLimits *lim = &p2.properties.limits;
    int has_sgc = api >= VK_API_VERSION_1_3 || alpha__vk_has_ext(ext, n_ext, "VK_EXT_subgroup_size_control");
    uint32_t i;
    memset(&p2, 0, sizeof p2); memset(&sg, 0, sizeof sg); memset(&sgc, 0, sizeof sgc);
    p2.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2;
    sg.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES;
    sgc.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_SIZE_CONTROL_PROPERTIES;
    p2.pNext = &sg;
    if (has_sgc) sg.pNext = &sgc;
    vk->fn.GetPhysicalDeviceProperties2(vk->phys, &p2);
    memset(&f2, 0, sizeof f2); memset(f11, 0, sizeof *f11); memset(f12, 0, sizeof *f12); memset(&fsc, 0, sizeof fsc);
    f2.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2;
    f11->sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES;
    f12->sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES;
    fsc.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_SIZE_CONTROL_FEATURES;
    memset(&fcm, 0, sizeof fcm); memset(&fbf, 0, sizeof fbf);
    fcm.sType = (VkStructureType)ALPHA__VK_ST_COOPMAT_FEATURES;
    fbf.sType = (VkStructureType)ALPHA__VK_ST_BF16_FEATURES;
    if (api >= VK_API_VERSION_1_2) {
        f2.pNext = f11; f11->pNext = f12;
        if (has_sgc) f12->pNext = &fsc;
        if (has_cm) { fcm.pNext = f2.pNext; f2.pNext = &fcm; }
        if (has_bf) { fbf.pNext = f2.pNext; f2.pNext = &fbf; }
    } else if (has_sgc) {
        f2.pNext = &fsc;
    }
    vk->fn.GetPhysicalDeviceFeatures2(vk->phys, &f2);
    f11->pNext = NULL; f12->pNext = NULL;
    snprintf(in->device_name, sizeof in->device_name, "%s", p2.properties.deviceName);
    in->device_type = (uint32_t)p2.properties.deviceType;
    in->vendor_id = p2.properties.vendorID;
    in->device_id = p2.properties.deviceID;
    in->api_version = api;
    in->driver_version = p2.properties.driverVersion;
    memcpy(vk->cache_uuid, p2.properties.pipelineCacheUUID, VK_UUID_SIZE);
    in->subgroup_size = sg.subgroupSize;
    in->subgroup_shuffle = (sg.supportedOperations & VK_SUBGROUP_FEATURE_SHUFFLE_BIT) && (sg.supportedStages & VK_SHADER_STAGE_COMPUTE_BIT) &&
                           sg.subgroupSize >= 2;
    in->subgroup_size_control = has_sgc && fsc.subgroupSizeControl;
    in->min_subgroup_size = in->subgroup_size_control ? sgc.minSubgroupSize : sg.subgroupSize;
    in->max_subgroup_size = in->subgroup_size_control ? sgc.maxSubgroupSize : sg.subgroupSize;
    in->max_shared_memory = lim->maxComputeSharedMemorySize;
    in->max_workgroup_invocations = lim->maxComputeWorkGroupInvocations;
    for (i = 0; i < 3; i++) {
        in->max_workgroup_size[i] = lim->maxComputeWorkGroupSize[i];
        in->max_workgroup_count[i] = lim->maxComputeWorkGroupCount[i];
    }
    in->max_push_constants = lim->maxPushConstantsSize;
    in->max_storage_buffer_range = lim->maxStorageBufferRange;
    in->storage_buffer_alignment = lim->minStorageBufferOffsetAlignment;
    in->storage_16bit = f11->storageBuffer16BitAccess ? 1 : 0;
    in->float16_arith = f12->shaderFloat16 ? 1 : 0;
    in->int8_arith = f12->shaderInt8 ? 1 : 0;
    in->timeline_semaphores = f12->timelineSemaphore ? 1 : 0;
    in->buffer_device_address = f12->bufferDeviceAddress && f2.features.shaderInt64 ? 1 : 0;   /* 64-bit address arithmetic */
    in->coopmat_khr = has_cm && fcm.cooperative_matrix && f12->vulkanMemoryModel;   /* its shaders need the Vulkan memory model */
    in->coopmat2_nv = alpha__vk_has_ext(ext, n_ext, "VK_NV_cooperative_matrix2");
    in->bf16 = in->coopmat_khr && has_bf && fbf.type && fbf.coopmat;
    if (vk->layer_version && in->coopmat_khr &&
        (VK_API_VERSION_MINOR(vk->layer_version) < 4 || VK_API_VERSION_PATCH(vk->layer_version) < ALPHA__VK_LAYER_KNOWS_BF16)) {
        /* a validation layer older than the extensions reports every use of them as an error
           (and cannot check them): validate the rest, without the tier */
        char msg[200];
        snprintf(msg, sizeof msg, "alpha_vk_create: the validation layer (%u.%u.%u) predates VK_KHR_cooperative_matrix or "
                 "VK_KHR_shader_bfloat16: the cooperative-matrix GEMM is off while validating", VK_API_VERSION_MAJOR(vk->layer_version),
                 VK_API_VERSION_MINOR(vk->layer_version), VK_API_VERSION_PATCH(vk->layer_version));
        alpha__vk_log(vk, ALPHA_LOG_INFO, msg);
        in->coopmat_khr = in->bf16 = 0;
    }
    alpha__vk_probe_coopmat(vk);
    in->push_descriptors = alpha__vk_has_ext(ext, n_ext, "VK_KHR_push_descriptor");
    {
        const char *env = getenv("ALPHA_VK_PIPELINE_STATS");
        vk->pipe_stats = env && env[0] == '1' && api >= VK_API_VERSION_1_2 && alpha__vk_has_ext(ext, n_ext, "VK_KHR_pipeline_executable_properties");
    }
    {   /* a transfer-only queue family (a DMA engine, as on NVIDIA and AMD GPUs): probed, not used */
        VkQueueFamilyProperties q[32];
        uint32_t nq = 0;
        vk->fn.GetPhysicalDeviceQueueFamilyProperties(vk->phys, &nq, NULL);
        if (nq > 32) nq = 32;
        vk->fn.GetPhysicalDeviceQueueFamilyProperties(vk->phys, &nq, q);
        in->transfer_queue = 0;
        for (i = 0; i < nq; i++)
            if ((q[i].queueFlags & VK_QUEUE_TRANSFER_BIT) && !(q[i].queueFlags & (VK_QUEUE_COMPUTE_BIT | VK_QUEUE_GRAPHICS_BIT)))
                in->transfer_queue = 1;
    }
    vk->fn.GetPhysicalDeviceMemoryProperties(vk->phys, &vk->mem);
    in->device_local_bytes = 0;
    for (i = 0; i < vk->mem.memoryHeapCount; i++)
        if ((vk->mem.memoryHeaps[i].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) && vk->mem.memoryHeaps[i].size > in->device_local_bytes)
            in->device_local_bytes = vk->mem.memoryHeaps[i].size;
}

/* ---- persistent pipeline cache ---- */
#define ALPHA__VK_CACHE_MAX ((uint32_t)256 << 20)   /* a larger "cache file" is not one of ours */
static char *alpha__vk_strdup(alpha_vk *vk, const char *s) {
    size_t n = strlen(s) + 1;
    char *c = (char *)alpha__vk_alloc(&vk->allocator, n);
    if (c) memcpy(c, s, n);
    return c;
}
/* VkPipelineCacheHeaderVersionOne is little-endian whatever the host */
static uint32_t alpha__vk_le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
/* The bytes of vk->cache_path when its header is this device's, else NULL with *why set (a
   missing file is not worth a warning: it is every first run). The driver checks the rest. */
static uint8_t *alpha__vk_cache_read(alpha_vk *vk, size_t *size, const char **why, alpha_log_level *level) {
    FILE *f = fopen(vk->cache_path, "rb");
    uint8_t *buf = NULL;
    uint32_t cap = 0, n = 0;
    size_t got;
    *level = ALPHA_LOG_WARN;
    if (!f) { *why = "it cannot be opened (a first run?)"; *level = ALPHA_LOG_INFO; return NULL; }
    *why = NULL;
    for (;;) {
        if (n == cap && (n >= ALPHA__VK_CACHE_MAX || !alpha__vk_grow(&vk->allocator, (void **)&buf, &cap, n + 65536u, 1))) {
            *why = n >= ALPHA__VK_CACHE_MAX ? "it is larger than 256 MiB" : "out of host memory";
            break;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += (uint32_t)got;
        if (got == 0) { if (ferror(f)) *why = "it cannot be read"; break; }
    }
    fclose(f);
    if (*why) { alpha__vk_free(&vk->allocator, buf); return NULL; }
    if (n < 32) *why = "it is shorter than a pipeline cache header";
    else if (alpha__vk_le32(buf) < 32 || alpha__vk_le32(buf) > n) *why = "its header length is wrong";
    else if (alpha__vk_le32(buf + 4) != VK_PIPELINE_CACHE_HEADER_VERSION_ONE) *why = "its header version is not 1";
    else if (alpha__vk_le32(buf + 8) != vk->info.vendor_id || alpha__vk_le32(buf + 12) != vk->info.device_id ||
             memcmp(buf + 16, vk->cache_uuid, VK_UUID_SIZE) != 0)
        *why = "it was made by another device or driver";
    else { *size = n; return buf; }
    alpha__vk_free(&vk->allocator, buf);
    return NULL;
}
/* the pipeline cache, seeded from vk->cache_path where that holds one of this device */
static void alpha__vk_cache_create(alpha_vk *vk) {
    VkPipelineCacheCreateInfo pci;
    uint8_t *data = NULL;
    size_t size = 0;
    const char *why = NULL;
    alpha_log_level level;
    char msg[1200];
    memset(&pci, 0, sizeof pci);
    pci.sType = VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO;
    if (vk->cache_path && (data = alpha__vk_cache_read(vk, &size, &why, &level)) == NULL) {
        snprintf(msg, sizeof msg, "alpha_vk: pipeline cache file %s ignored: %s", vk->cache_path, why);
        alpha__vk_log(vk, level, msg);
    }
    pci.initialDataSize = size;
    pci.pInitialData = data;
    if (vk->t.vkCreatePipelineCache(vk->device, &pci, NULL, &vk->pcache) == VK_SUCCESS) {
        vk->info.pipeline_cache_loaded = size;
        if (size) {
            snprintf(msg, sizeof msg, "alpha_vk: pipeline cache: %lu bytes loaded from %s", (unsigned long)size, vk->cache_path);
            alpha__vk_log(vk, ALPHA_LOG_INFO, msg);
        }
    } else if (data) {   /* the driver refused the data: an empty cache is still worth having */
        snprintf(msg, sizeof msg, "alpha_vk: pipeline cache file %s ignored: the driver refused its contents", vk->cache_path);
        alpha__vk_log(vk, ALPHA_LOG_WARN, msg);
        pci.initialDataSize = 0;
        pci.pInitialData = NULL;
        if (vk->t.vkCreatePipelineCache(vk->device, &pci, NULL, &vk->pcache) != VK_SUCCESS) vk->pcache = VK_NULL_HANDLE;
    } else {
        vk->pcache = VK_NULL_HANDLE;   /* optional: pipelines are made without one */
    }
    alpha__vk_free(&vk->allocator, data);
}

ALPHA_API alpha_result alpha_vk_pipeline_cache_save(alpha_vk *vk, const char *path) {
    size_t size = 0;
    void *data;
    char *tmp;
    FILE *f;
    VkResult vr;
    int ok;
    if (!vk) return ALPHA_ERR_INVALID;
    if (!path) path = vk->cache_path;
    if (!path || !path[0]) return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_pipeline_cache_save: no path (none given, none in the desc or ALPHA_VK_PIPELINE_CACHE)");
    if (!vk->pcache) return alpha__vk_fail(vk, ALPHA_ERR_DEVICE, "alpha_vk_pipeline_cache_save: the runtime has no pipeline cache");
    vr = vk->t.vkGetPipelineCacheData(vk->device, vk->pcache, &size, NULL);
    if (vr != VK_SUCCESS) return alpha__vk_check(vk, vr, "alpha_vk_pipeline_cache_save: vkGetPipelineCacheData");
    data = alpha__vk_alloc(&vk->allocator, size);
    tmp = (char *)alpha__vk_alloc(&vk->allocator, strlen(path) + 40);
    if (!data || !tmp) {
        alpha__vk_free(&vk->allocator, data); alpha__vk_free(&vk->allocator, tmp);
        return alpha__vk_fail(vk, ALPHA_ERR_OOM, "alpha_vk_pipeline_cache_save: out of host memory");
    }
    vr = vk->t.vkGetPipelineCacheData(vk->device, vk->pcache, &size, data);
    if (vr != VK_SUCCESS) {
        alpha__vk_free(&vk->allocator, data); alpha__vk_free(&vk->allocator, tmp);
        return alpha__vk_check(vk, vr, "alpha_vk_pipeline_cache_save: vkGetPipelineCacheData");
    }
    /* a name of its own (runtime address and time) so runtimes saving to one path at once do not
       write into each other's temporary file */
    sprintf(tmp, "%s.%lx-%lx.tmp", path, (unsigned long)(uintptr_t)vk, (unsigned long)time(NULL));
    f = fopen(tmp, "wb");
    ok = f && fwrite(data, 1, size, f) == size;
    if (f) ok = fclose(f) == 0 && ok;
#ifdef _WIN32
    if (ok) remove(path);   /* Windows' rename does not replace an existing file */
#endif
    ok = ok && rename(tmp, path) == 0;
    if (!ok && f) remove(tmp);
    alpha__vk_free(&vk->allocator, data);
    alpha__vk_free(&vk->allocator, tmp);
    if (!ok) return alpha__vk_fail(vk, ALPHA_ERR_IO, "alpha_vk_pipeline_cache_save: cannot write %s", path);
    return ALPHA_OK;
}

/* instance functions of vk->instance (ours or the host's); 0 when one is missing */
static int alpha__vk_load_instance(alpha_vk *vk) {
    int missing = 0;
#define ALPHA__VK_LOAD(name) \
    vk->fn.name = (PFN_vk##name)vkGetInstanceProcAddr(vk->instance, "vk" #name); if (!vk->fn.name) missing = 1;
    ALPHA__VK_INSTANCE_FUNCS(ALPHA__VK_LOAD)
#undef ALPHA__VK_LOAD
    vk->fn.CreateDebugUtilsMessengerEXT =
        (PFN_vkCreateDebugUtilsMessengerEXT)vkGetInstanceProcAddr(vk->instance, "vkCreateDebugUtilsMessengerEXT");
    vk->fn.DestroyDebugUtilsMessengerEXT =
        (PFN_vkDestroyDebugUtilsMessengerEXT)vkGetInstanceProcAddr(vk->instance, "vkDestroyDebugUtilsMessengerEXT");
    return !missing;
}

/* where the loader was told to look for drivers, for the "no device" message ("" when nowhere special) */
static const char *alpha__vk_driver_env(char *buf, size_t cap) {
    const char *name = "VK_DRIVER_FILES", *e = getenv(name);
    if (!e || !e[0]) { name = "VK_ICD_FILENAMES"; e = getenv(name); }
    if (!e || !e[0]) return "";
    snprintf(buf, cap, " (only the drivers listed in %s=%.200s were looked at)", name, e);
    return buf;
}

/* our own instance (of version api), with the validation layer and its messenger when asked for */
static alpha_result alpha__vk_make_instance(alpha_vk *vk, int want_validation, uint32_t api) {
    VkApplicationInfo app;
    VkInstanceCreateInfo ici;
    const char *layers[1], *iexts[1];
    char why[300];
    uint32_t i, n_layers = 0;
    VkResult vr;
    if (want_validation) {
        VkLayerProperties lp[64];
        uint32_t nl = 64;
        int found = 0;
        if (vkEnumerateInstanceLayerProperties(&nl, lp) >= 0)
            for (i = 0; i < nl; i++)
                if (strcmp(lp[i].layerName, "VK_LAYER_KHRONOS_validation") == 0) { found = 1; vk->layer_version = lp[i].specVersion; }
        if (found) {
            layers[0] = "VK_LAYER_KHRONOS_validation"; n_layers = 1;
            iexts[0] = VK_EXT_DEBUG_UTILS_EXTENSION_NAME;
        } else {
            alpha__vk_log(vk, ALPHA_LOG_WARN, "alpha_vk_create: validation requested but VK_LAYER_KHRONOS_validation is not "
                          "installed (Debian: vulkan-validationlayers); going on without it");
        }
    }
    memset(&app, 0, sizeof app);
    app.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO;
    app.pApplicationName = "alpha";
    app.pEngineName = "alpha_vk";
    app.apiVersion = api;
    memset(&ici, 0, sizeof ici);
    ici.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO;
    ici.pApplicationInfo = &app;
    ici.enabledLayerCount = n_layers;
    ici.ppEnabledLayerNames = n_layers ? layers : NULL;
    ici.enabledExtensionCount = n_layers;
    ici.ppEnabledExtensionNames = n_layers ? iexts : NULL;
    vr = vkCreateInstance(&ici, NULL, &vk->instance);
    if (vr != VK_SUCCESS) {
        vk->instance = VK_NULL_HANDLE;
        if (vr == VK_ERROR_INCOMPATIBLE_DRIVER)
            return alpha__vk_fail(vk, ALPHA_ERR_DEVICE, "alpha_vk_create: no Vulkan device: the loader found no driver "
                                  "(vkCreateInstance: VK_ERROR_INCOMPATIBLE_DRIVER)%s; Debian: mesa-vulkan-drivers provides lavapipe, a CPU device",
                                  alpha__vk_driver_env(why, sizeof why));
        return alpha__vk_check(vk, vr, "alpha_vk_create: vkCreateInstance");
    }
    if (!alpha__vk_load_instance(vk)) {
        if (vk->fn.DestroyInstance) vk->fn.DestroyInstance(vk->instance, NULL);
        vk->instance = VK_NULL_HANDLE;
        return alpha__vk_fail(vk, ALPHA_ERR_DEVICE, "alpha_vk_create: the Vulkan loader lacks Vulkan 1.1 instance functions");
    }
    if (n_layers) {
        VkDebugUtilsMessengerCreateInfoEXT mi;
        memset(&mi, 0, sizeof mi);
        mi.sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT;
        mi.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
        mi.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                         VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
        mi.pfnUserCallback = alpha__vk_debug_cb;
        mi.pUserData = vk;
        if (vk->fn.CreateDebugUtilsMessengerEXT && vk->fn.DestroyDebugUtilsMessengerEXT &&
            vk->fn.CreateDebugUtilsMessengerEXT(vk->instance, &mi, NULL, &vk->messenger) == VK_SUCCESS)
            vk->info.validation = 1;
        else
            vk->messenger = VK_NULL_HANDLE;
    }
    return ALPHA_OK;
}

#define ALPHA__VK_MAX_PHYS 16u
/* device choice: best type among those whose name matches desc.device_name or ALPHA_VK_DEVICE */
static alpha_result alpha__vk_choose_device(alpha_vk *vk, const alpha_vk_desc *d) {
    VkPhysicalDevice phys[ALPHA__VK_MAX_PHYS];
    VkPhysicalDeviceProperties props;
    const char *filter, *env;
    uint32_t n_phys = ALPHA__VK_MAX_PHYS, i, best = UINT32_MAX;
    int best_score = -1;
    char names[512];
    size_t used = 0;
    VkResult vr;
    filter = d->device_name;
    if (!filter || !filter[0]) { env = getenv("ALPHA_VK_DEVICE"); filter = env && env[0] ? env : NULL; }
    vr = vk->fn.EnumeratePhysicalDevices(vk->instance, &n_phys, phys);
    if (vr < 0) return alpha__vk_check(vk, vr, "alpha_vk_create: vkEnumeratePhysicalDevices");
    names[0] = 0;
    for (i = 0; i < n_phys; i++) {
        int score;
        vk->fn.GetPhysicalDeviceProperties(phys[i], &props);
        if (used < sizeof names - 1) {
            int w = snprintf(names + used, sizeof names - used, "%s\"%s\"", used ? ", " : "", props.deviceName);
            if (w > 0) used += (size_t)w < sizeof names - used ? (size_t)w : sizeof names - used - 1;
        }
        if (props.apiVersion < VK_API_VERSION_1_1 || alpha__vk_compute_family(vk, phys[i]) == UINT32_MAX) continue;
        if (filter && !alpha__vk_icontains(props.deviceName, filter)) continue;
        score = alpha__vk_device_score((uint32_t)props.deviceType);
        if (score > best_score) { best_score = score; best = i; }
    }
    if (best == UINT32_MAX) {
        if (n_phys == 0) return alpha__vk_fail(vk, ALPHA_ERR_DEVICE, "alpha_vk_create: no Vulkan device: the loader found no driver%s",
                                               alpha__vk_driver_env(names, sizeof names));
        if (filter)
            return alpha__vk_fail(vk, ALPHA_ERR_DEVICE, "alpha_vk_create: no Vulkan 1.1 compute device name contains \"%s\" (%s); devices: %s",
                                  filter, d->device_name && d->device_name[0] ? "desc.device_name" : "ALPHA_VK_DEVICE", names);
        return alpha__vk_fail(vk, ALPHA_ERR_DEVICE, "alpha_vk_create: no device with Vulkan 1.1 and a compute queue; devices: %s", names);
    }
    vk->phys = phys[best];
    vk->queue_family = alpha__vk_compute_family(vk, vk->phys);
    return ALPHA_OK;
}

/* a host program's instance, device and queue (desc.host): adopted, never destroyed */
static alpha_result alpha__vk_adopt(alpha_vk *vk, const alpha_vk_host *h) {
    vk->host = 1;
    if (!h->instance || !h->physical_device || !h->queue)
        return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_create: desc.host.device is set but not %s",
                              !h->instance ? "host.instance" : !h->physical_device ? "host.physical_device" : "host.queue");
    if (!h->lock_queue != !h->unlock_queue)
        return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_create: desc.host needs both lock_queue and unlock_queue, or neither");
    vk->instance = (VkInstance)h->instance;
    vk->phys = (VkPhysicalDevice)h->physical_device;
    vk->queue_family = h->queue_family;
    vk->lock_queue = h->lock_queue;
    vk->unlock_queue = h->unlock_queue;
    vk->lock_user = h->lock_user;
    if (!alpha__vk_load_instance(vk))
        return alpha__vk_fail(vk, ALPHA_ERR_DEVICE, "alpha_vk_create: host.instance lacks Vulkan 1.1 instance functions");
    return ALPHA_OK;
}
/* what a host device may be used for: the optional features the host enabled (its pNext chain
   of vkCreateDevice) among those the device has */
static void alpha__vk_host_features(alpha_vk *vk, const void *chain, uint32_t api) {
    const VkBaseInStructure *p;
    int s16 = 0, f16 = 0, tl = 0, bda = 0, i64 = 0;
    for (p = (const VkBaseInStructure *)chain; p; p = p->pNext) {
        switch (p->sType) {
        case VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES:
            s16 |= ((const VkPhysicalDeviceVulkan11Features *)p)->storageBuffer16BitAccess != 0; break;
        case VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES:
            s16 |= ((const VkPhysicalDevice16BitStorageFeatures *)p)->storageBuffer16BitAccess != 0; break;
        case VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES:
            f16 |= ((const VkPhysicalDeviceVulkan12Features *)p)->shaderFloat16 != 0;
            tl |= ((const VkPhysicalDeviceVulkan12Features *)p)->timelineSemaphore != 0;
            bda |= ((const VkPhysicalDeviceVulkan12Features *)p)->bufferDeviceAddress != 0; break;
        case VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2:
            i64 |= ((const VkPhysicalDeviceFeatures2 *)p)->features.shaderInt64 != 0; break;
        case VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_BUFFER_DEVICE_ADDRESS_FEATURES:
            bda |= ((const VkPhysicalDeviceBufferDeviceAddressFeatures *)p)->bufferDeviceAddress != 0; break;
        case VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES:
            f16 |= ((const VkPhysicalDeviceShaderFloat16Int8Features *)p)->shaderFloat16 != 0; break;
        case VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_TIMELINE_SEMAPHORE_FEATURES:
            tl |= ((const VkPhysicalDeviceTimelineSemaphoreFeatures *)p)->timelineSemaphore != 0; break;
        default: break;
        }
    }
    vk->info.storage_16bit &= s16;
    vk->info.float16_arith &= f16;
    vk->info.timeline_semaphores &= tl && api >= VK_API_VERSION_1_2;   /* vkWaitSemaphores is core 1.2 */
    vk->info.buffer_device_address &= bda && i64 && api >= VK_API_VERSION_1_2;   /* vkGetBufferDeviceAddress likewise */
    /* the cooperative-matrix tier needs extensions a host device may not have enabled: not used */
    vk->info.coopmat_khr = vk->info.coopmat_f16 = vk->info.coopmat_bf16 = vk->info.bf16 = 0;
}

/* instance, device choice, device, queue, command objects, staging buffer */
static alpha_result alpha__vk_init(alpha_vk *vk, const alpha_vk_desc *d) {
    VkPhysicalDeviceProperties props;
    VkPhysicalDeviceVulkan11Features f11, e11;
    VkPhysicalDeviceVulkan12Features f12, e12;
    VkPhysicalDeviceFeatures2 e2;
    VkDeviceQueueCreateInfo qci;
    VkDeviceCreateInfo dci;
    alpha__vk_coopmat_features ecm;
    alpha__vk_bf16_features ebf;
    VkPhysicalDevicePipelineExecutablePropertiesFeaturesKHR epx;
    const char *dev_ext[3];
    uint32_t n_dev_ext = 0;
    VkCommandPoolCreateInfo cpi;
    VkCommandBufferAllocateInfo cbi;
    VkCommandBuffer cbs[2];
    VkExtensionProperties *ext = NULL;
    const char *env;
    uint32_t inst_ver = 0, api, n_ext = 0;
    int want_validation;
    float prio = 1.0f;
    VkResult vr;
    alpha_result r;

    env = d->pipeline_cache_path ? d->pipeline_cache_path : getenv("ALPHA_VK_PIPELINE_CACHE");
    if (env && env[0] && !(vk->cache_path = alpha__vk_strdup(vk, env)))
        return alpha__vk_fail(vk, ALPHA_ERR_OOM, "alpha_vk_create: out of host memory");
    env = d->spirv_dump_dir ? d->spirv_dump_dir : getenv("ALPHA_VK_SPIRV_DUMP");
    if (env && env[0] && !(vk->dump_dir = alpha__vk_strdup(vk, env)))
        return alpha__vk_fail(vk, ALPHA_ERR_OOM, "alpha_vk_create: out of host memory");
    env = getenv("ALPHA_VK_VALIDATION");
    want_validation = (d->flags & ALPHA_VK_DESC_VALIDATION) || (env && env[0] && strcmp(env, "0") != 0);
    if (!vkGetInstanceProcAddr && volkInitialize() != VK_SUCCESS)
        return alpha__vk_fail(vk, ALPHA_ERR_DEVICE, "alpha_vk_create: no Vulkan loader (libvulkan.so.1 could not be loaded; "
                              "Debian: libvulkan1 and a driver such as mesa-vulkan-drivers)");
    inst_ver = volkGetInstanceVersion();
    if (inst_ver < VK_API_VERSION_1_1)
        return alpha__vk_fail(vk, ALPHA_ERR_DEVICE, "alpha_vk_create: the Vulkan loader supports version %u.%u, 1.1 or newer is needed",
                              VK_API_VERSION_MAJOR(inst_ver), VK_API_VERSION_MINOR(inst_ver));
    api = inst_ver >= VK_API_VERSION_1_3 ? VK_API_VERSION_1_3 : inst_ver >= VK_API_VERSION_1_2 ? VK_API_VERSION_1_2 : VK_API_VERSION_1_1;

    if (d->host.device) {
        r = alpha__vk_adopt(vk, &d->host);
        api = d->host.api_version ? d->host.api_version : VK_API_VERSION_1_1;
    } else {
        r = alpha__vk_make_instance(vk, want_validation, api);
        if (r == ALPHA_OK) r = alpha__vk_choose_device(vk, d);
    }
    if (r != ALPHA_OK) return r;

    vk->fn.GetPhysicalDeviceProperties(vk->phys, &props);
    if (props.apiVersion < VK_API_VERSION_1_1)
        return alpha__vk_fail(vk, ALPHA_ERR_DEVICE, "alpha_vk_create: host.physical_device has Vulkan %u.%u, 1.1 or newer is needed",
                              VK_API_VERSION_MAJOR(props.apiVersion), VK_API_VERSION_MINOR(props.apiVersion));
    if (props.apiVersion < api) api = props.apiVersion >= VK_API_VERSION_1_2 ? VK_API_VERSION_1_2 : VK_API_VERSION_1_1;
    if (vk->fn.EnumerateDeviceExtensionProperties(vk->phys, NULL, &n_ext, NULL) >= 0 && n_ext) {
        ext = (VkExtensionProperties *)alpha__vk_alloc(&vk->allocator, sizeof *ext * n_ext);
        if (!ext) return alpha__vk_fail(vk, ALPHA_ERR_OOM, "alpha_vk_create: out of host memory");
        if (vk->fn.EnumerateDeviceExtensionProperties(vk->phys, NULL, &n_ext, ext) < 0) n_ext = 0;
    }
    alpha__vk_probe(vk, api, ext, n_ext, &f11, &f12);
    alpha__vk_free(&vk->allocator, ext);

    if (vk->host) {
        alpha__vk_host_features(vk, d->host.enabled_features, api);
        vk->device = (VkDevice)d->host.device;
        vk->pipe_stats = 0;   /* the host's device: its extensions are the host's */
    } else {   /* the device, with the optional features we use */
        memset(&e2, 0, sizeof e2); memset(&e11, 0, sizeof e11); memset(&e12, 0, sizeof e12);
        e2.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2;
        e11.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES;
        e12.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES;
        if (api >= VK_API_VERSION_1_2) {
            e2.pNext = &e11; e11.pNext = &e12;
            e11.storageBuffer16BitAccess = f11.storageBuffer16BitAccess;
            e12.shaderFloat16 = f12.shaderFloat16;
            e12.vulkanMemoryModel = (VkBool32)(vk->info.coopmat_khr != 0);   /* SPV_KHR_cooperative_matrix requires it */
            e12.timelineSemaphore = f12.timelineSemaphore;
            e12.bufferDeviceAddress = (VkBool32)vk->info.buffer_device_address;   /* the tensor backend's arena past 4 GiB */
            e2.features.shaderInt64 = (VkBool32)vk->info.buffer_device_address;
        }
        if (api < VK_API_VERSION_1_2) vk->info.buffer_device_address = 0;
        memset(&ecm, 0, sizeof ecm); memset(&ebf, 0, sizeof ebf);
        if (vk->info.coopmat_khr) {   /* the GEMM tier's extensions (probe needs Vulkan 1.2) */
            ecm.sType = (VkStructureType)ALPHA__VK_ST_COOPMAT_FEATURES;
            ecm.cooperative_matrix = VK_TRUE;
            ecm.pNext = e2.pNext; e2.pNext = &ecm;
            dev_ext[n_dev_ext++] = "VK_KHR_cooperative_matrix";
            if (vk->info.bf16) {
                ebf.sType = (VkStructureType)ALPHA__VK_ST_BF16_FEATURES;
                ebf.type = ebf.coopmat = VK_TRUE;
                ebf.pNext = e2.pNext; e2.pNext = &ebf;
                dev_ext[n_dev_ext++] = "VK_KHR_shader_bfloat16";
            }
        }
        memset(&epx, 0, sizeof epx);
        if (vk->pipe_stats) {   /* compiler statistics of every pipeline (ALPHA_VK_PIPELINE_STATS) */
            epx.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PIPELINE_EXECUTABLE_PROPERTIES_FEATURES_KHR;
            epx.pipelineExecutableInfo = VK_TRUE;
            epx.pNext = e2.pNext; e2.pNext = &epx;
            dev_ext[n_dev_ext++] = "VK_KHR_pipeline_executable_properties";
        }
        memset(&qci, 0, sizeof qci);
        qci.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO;
        qci.queueFamilyIndex = vk->queue_family;
        qci.queueCount = 1;
        qci.pQueuePriorities = &prio;
        memset(&dci, 0, sizeof dci);
        dci.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO;
        dci.pNext = &e2;
        dci.queueCreateInfoCount = 1;
        dci.pQueueCreateInfos = &qci;
        dci.enabledExtensionCount = n_dev_ext;
        dci.ppEnabledExtensionNames = n_dev_ext ? dev_ext : NULL;
        vr = vk->fn.CreateDevice(vk->phys, &dci, NULL, &vk->device);
        if (vr != VK_SUCCESS) { vk->device = VK_NULL_HANDLE; return alpha__vk_check(vk, vr, "alpha_vk_create: vkCreateDevice"); }
    }
    /* volkLoadDeviceTable() resolves through volk's global vkGetDeviceProcAddr: where nobody has
       loaded an instance into volk yet it is NULL, and we set it to the loader's (which works for
       every device); otherwise volk's globals are left alone */
    if (!vkGetDeviceProcAddr) vkGetDeviceProcAddr = vk->fn.GetDeviceProcAddr;
    volkLoadDeviceTable(&vk->t, vk->device);
    if (vk->host) vk->queue = (VkQueue)d->host.queue;
    else vk->t.vkGetDeviceQueue(vk->device, vk->queue_family, 0, &vk->queue);

    vk->align = vk->info.storage_buffer_alignment > 64 ? vk->info.storage_buffer_alignment : 64;
    vk->slab_size = d->slab_size ? (VkDeviceSize)d->slab_size : (VkDeviceSize)64 << 20;
    vk->slab_size = (vk->slab_size + vk->align - 1) / vk->align * vk->align;
    vk->staging_size = d->staging_size ? (VkDeviceSize)d->staging_size : (VkDeviceSize)8 << 20;
    vk->staging_size = (vk->staging_size + 255) & ~(VkDeviceSize)255;

    memset(&cpi, 0, sizeof cpi);
    cpi.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO;
    cpi.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    cpi.queueFamilyIndex = vk->queue_family;
    vr = vk->t.vkCreateCommandPool(vk->device, &cpi, NULL, &vk->cmd_pool);
    if (vr != VK_SUCCESS) { vk->cmd_pool = VK_NULL_HANDLE; return alpha__vk_check(vk, vr, "alpha_vk_create: vkCreateCommandPool"); }
    memset(&cbi, 0, sizeof cbi);
    cbi.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO;
    cbi.commandPool = vk->cmd_pool;
    cbi.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    cbi.commandBufferCount = 2;
    vr = vk->t.vkAllocateCommandBuffers(vk->device, &cbi, cbs);
    if (vr != VK_SUCCESS) return alpha__vk_check(vk, vr, "alpha_vk_create: vkAllocateCommandBuffers");
    vk->cmd = cbs[0]; vk->xfer = cbs[1];
    if (vk->info.timeline_semaphores && !(d->flags & ALPHA_VK_DESC_NO_TIMELINE)) {
        VkSemaphoreTypeCreateInfo ti;
        VkSemaphoreCreateInfo si;
        memset(&ti, 0, sizeof ti); memset(&si, 0, sizeof si);
        ti.sType = VK_STRUCTURE_TYPE_SEMAPHORE_TYPE_CREATE_INFO;
        ti.semaphoreType = VK_SEMAPHORE_TYPE_TIMELINE;
        ti.initialValue = 0;
        si.sType = VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO;
        si.pNext = &ti;
        vr = vk->t.vkCreateSemaphore(vk->device, &si, NULL, &vk->timeline);
        if (vr != VK_SUCCESS) { vk->timeline = VK_NULL_HANDLE; return alpha__vk_check(vk, vr, "alpha_vk_create: vkCreateSemaphore (timeline)"); }
    } else {
        VkFenceCreateInfo fi;
        memset(&fi, 0, sizeof fi);
        fi.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO;
        vr = vk->t.vkCreateFence(vk->device, &fi, NULL, &vk->fence);
        if (vr != VK_SUCCESS) { vk->fence = VK_NULL_HANDLE; return alpha__vk_check(vk, vr, "alpha_vk_create: vkCreateFence"); }
    }
    alpha__vk_cache_create(vk);
    r = alpha__vk_make_buffer(vk, vk->staging_size, VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                              VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT,
                              VK_MEMORY_PROPERTY_HOST_CACHED_BIT, &vk->staging, &vk->staging_mem, "alpha_vk_create: staging buffer");
    if (r != ALPHA_OK) return r;
    vr = vk->t.vkMapMemory(vk->device, vk->staging_mem, 0, VK_WHOLE_SIZE, 0, &vk->staging_map);
    if (vr != VK_SUCCESS) { vk->staging_map = NULL; return alpha__vk_check(vk, vr, "alpha_vk_create: vkMapMemory (staging)"); }
    return ALPHA_OK;
}

/* vkQueueSubmit and vkQueueWaitIdle inside the host's queue lock (desc.host), where there is one */
static VkResult alpha__vk_queue_submit(alpha_vk *vk, const VkSubmitInfo *si, VkFence fence) {
    VkResult vr;
    if (vk->lock_queue) vk->lock_queue(vk->lock_user);
    vr = vk->t.vkQueueSubmit(vk->queue, 1, si, fence);
    if (vk->unlock_queue) vk->unlock_queue(vk->lock_user);
    return vr;
}
static void alpha__vk_queue_idle(alpha_vk *vk) {
    if (vk->lock_queue) vk->lock_queue(vk->lock_user);
    vk->t.vkQueueWaitIdle(vk->queue);
    if (vk->unlock_queue) vk->unlock_queue(vk->lock_user);
}

static void alpha__vk_slab_release(alpha_vk *vk, alpha__vk_slab *s) {
    if (s->buffer) vk->t.vkDestroyBuffer(vk->device, s->buffer, NULL);
    if (s->memory) vk->t.vkFreeMemory(vk->device, s->memory, NULL);
    alpha__vk_free(&vk->allocator, s->blocks);
    memset(s, 0, sizeof *s);
}

ALPHA_API void alpha_vk_destroy(alpha_vk *vk) {
    uint32_t i;
    alpha_allocator a;
    if (!vk) return;
    vk->n_deferred = 0;   /* held-back dispatches are dropped (nothing would run them) */
    if (vk->device) {
        alpha__vk_queue_idle(vk);
        if (vk->cache_path && vk->pcache) alpha_vk_pipeline_cache_save(vk, NULL);   /* logs its own failure */
        while (vk->captures) alpha_vk_capture_free(vk, vk->capture ? vk->capture : vk->captures);
        for (i = 0; i < vk->n_pipes; i++) {
            alpha_vk_pipeline *p = vk->pipes[i];
            if (p->pipeline) vk->t.vkDestroyPipeline(vk->device, p->pipeline, NULL);
            if (p->layout) vk->t.vkDestroyPipelineLayout(vk->device, p->layout, NULL);
            if (p->set_layout) vk->t.vkDestroyDescriptorSetLayout(vk->device, p->set_layout, NULL);
            if (p->module) vk->t.vkDestroyShaderModule(vk->device, p->module, NULL);
            alpha__vk_free(&vk->allocator, p->map);
            alpha__vk_free(&vk->allocator, p->data);
            alpha__vk_free(&vk->allocator, p);
        }
        for (i = 0; i < vk->n_dpools; i++) vk->t.vkDestroyDescriptorPool(vk->device, vk->dpools[i], NULL);
        for (i = 0; i < vk->n_slabs; i++) alpha__vk_slab_release(vk, &vk->slabs[i]);
        if (vk->staging) vk->t.vkDestroyBuffer(vk->device, vk->staging, NULL);
        if (vk->staging_mem) vk->t.vkFreeMemory(vk->device, vk->staging_mem, NULL);
        if (vk->cmd_pool) vk->t.vkDestroyCommandPool(vk->device, vk->cmd_pool, NULL);
        if (vk->prof_pool) vk->t.vkDestroyQueryPool(vk->device, vk->prof_pool, NULL);
        if (vk->timeline) vk->t.vkDestroySemaphore(vk->device, vk->timeline, NULL);
        if (vk->fence) vk->t.vkDestroyFence(vk->device, vk->fence, NULL);
        if (vk->pcache) vk->t.vkDestroyPipelineCache(vk->device, vk->pcache, NULL);
        if (!vk->host) vk->t.vkDestroyDevice(vk->device, NULL);
    }
    for (i = 0; i < vk->n_buffers; i++) alpha__vk_free(&vk->allocator, vk->buffers[i]);
    alpha__vk_free(&vk->allocator, vk->prof_pipe);
    alpha__vk_free(&vk->allocator, vk->prof_ts);
    if (vk->messenger) vk->fn.DestroyDebugUtilsMessengerEXT(vk->instance, vk->messenger, NULL);
    if (vk->instance && !vk->host) vk->fn.DestroyInstance(vk->instance, NULL);
    a = vk->allocator;
    alpha__vk_free(&a, vk->cache_path);
    alpha__vk_free(&a, vk->dump_dir);
    alpha__vk_free(&a, vk->pipes);
    alpha__vk_free(&a, vk->deferred);
    alpha__vk_free(&a, vk->dpools);
    alpha__vk_free(&a, vk->slabs);
    alpha__vk_free(&a, vk->buffers);
    alpha__vk_free(&a, vk);
}

/* ---- profiling ---- */
#define ALPHA__VK_PROF_PAIRS 8192u
static alpha_result alpha__vk_profile_init(alpha_vk *vk) {
    VkPhysicalDeviceProperties props;
    VkQueueFamilyProperties qf[64];
    VkQueryPoolCreateInfo qi;
    uint32_t n_qf = 64;
    VkResult vr;
    vk->fn.GetPhysicalDeviceProperties(vk->phys, &props);
    vk->fn.GetPhysicalDeviceQueueFamilyProperties(vk->phys, &n_qf, qf);
    if (vk->queue_family >= n_qf || qf[vk->queue_family].timestampValidBits == 0 || props.limits.timestampPeriod <= 0) {
        alpha__vk_log(vk, ALPHA_LOG_WARN, "alpha_vk: profiling asked for, but the queue has no timestamps: off");
        return ALPHA_OK;
    }
    vk->prof_pipe = (alpha_vk_pipeline **)alpha__vk_alloc(&vk->allocator, ALPHA__VK_PROF_PAIRS * sizeof *vk->prof_pipe);
    vk->prof_ts = (uint64_t *)alpha__vk_alloc(&vk->allocator, 2 * ALPHA__VK_PROF_PAIRS * sizeof *vk->prof_ts);
    if (!vk->prof_pipe || !vk->prof_ts) return alpha__vk_fail(vk, ALPHA_ERR_OOM, "alpha_vk_create: out of host memory (profiling)");
    memset(&qi, 0, sizeof qi);
    qi.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO;
    qi.queryType = VK_QUERY_TYPE_TIMESTAMP;
    qi.queryCount = 2 * ALPHA__VK_PROF_PAIRS;
    vr = vk->t.vkCreateQueryPool(vk->device, &qi, NULL, &vk->prof_pool);
    if (vr != VK_SUCCESS) { vk->prof_pool = VK_NULL_HANDLE; return alpha__vk_check(vk, vr, "alpha_vk_create: vkCreateQueryPool"); }
    vk->prof_cap = ALPHA__VK_PROF_PAIRS;
    vk->prof_period = props.limits.timestampPeriod;
    return ALPHA_OK;
}
/* After a one-shot submit completed: adds its dispatches' times to their pipelines. */
static void alpha__vk_profile_collect(alpha_vk *vk) {
    uint64_t *ts = vk->prof_ts;
    uint32_t i;
    if (!vk->prof_pool || !vk->prof_n) return;
    if (vk->t.vkGetQueryPoolResults(vk->device, vk->prof_pool, 0, 2 * vk->prof_n, 2 * vk->prof_n * sizeof *ts, ts, sizeof *ts,
                                    VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT) == VK_SUCCESS)
        for (i = 0; i < vk->prof_n; i++) {
            vk->prof_pipe[i]->prof_ns += (double)(ts[2 * i + 1] - ts[2 * i]) * vk->prof_period;
            vk->prof_pipe[i]->prof_count++;
        }
    vk->prof_n = 0;
}
static int alpha__vk_prof_cmp(const void *a, const void *b) {
    double x = (*(alpha_vk_pipeline *const *)a)->prof_ns, y = (*(alpha_vk_pipeline *const *)b)->prof_ns;
    return x < y ? 1 : x > y ? -1 : 0;
}
ALPHA_API void alpha_vk_profile_print(alpha_vk *vk, FILE *f) {
    alpha_vk_pipeline **sorted;
    double total = 0;
    uint64_t count = 0;
    uint32_t i;
    if (!vk || !f || !vk->prof_pool || !vk->n_pipes) return;
    sorted = (alpha_vk_pipeline **)alpha__vk_alloc(&vk->allocator, vk->n_pipes * sizeof *sorted);
    if (!sorted) return;
    memcpy(sorted, vk->pipes, vk->n_pipes * sizeof *sorted);
    qsort(sorted, vk->n_pipes, sizeof *sorted, alpha__vk_prof_cmp);
    for (i = 0; i < vk->n_pipes; i++) { total += sorted[i]->prof_ns; count += sorted[i]->prof_count; }
    for (i = 0; i < vk->n_pipes && sorted[i]->prof_count; i++)
        fprintf(f, "{\"profile\":\"%s\",\"dispatches\":%llu,\"ms\":%.3f,\"share\":%.3f}\n", sorted[i]->name,
                (unsigned long long)sorted[i]->prof_count, sorted[i]->prof_ns * 1e-6, total > 0 ? sorted[i]->prof_ns / total : 0.0);
    fprintf(f, "{\"profile\":\"total\",\"dispatches\":%llu,\"untimed\":%llu,\"ms\":%.3f}\n", (unsigned long long)count,
            (unsigned long long)vk->prof_untimed, total * 1e-6);
    alpha__vk_free(&vk->allocator, sorted);
}
ALPHA_API void alpha_vk_profile_reset(alpha_vk *vk) {
    uint32_t i;
    if (!vk) return;
    for (i = 0; i < vk->n_pipes; i++) { vk->pipes[i]->prof_ns = 0; vk->pipes[i]->prof_count = 0; }
    vk->prof_untimed = 0;
}

static void alpha__vk_matmul_env(alpha_vk *vk, const char *env);
ALPHA_API alpha_result alpha_vk_create(alpha_vk **out, const alpha_vk_desc *desc) {
    alpha_vk_desc d;
    alpha_vk *vk;
    if (!out) return ALPHA_ERR_INVALID;
    *out = NULL;
    if (desc) d = *desc; else memset(&d, 0, sizeof d);
    vk = (alpha_vk *)alpha__vk_alloc(&d.allocator, sizeof *vk);
    if (!vk) return ALPHA_ERR_OOM;
    memset(vk, 0, sizeof *vk);
    vk->logger = d.logger;
    vk->allocator = d.allocator;
    vk->no_bda = (d.flags & ALPHA_VK_DESC_NO_BDA) != 0;
    *out = vk;
    {
        alpha_result r = alpha__vk_init(vk, &d);
        const char *env = getenv("ALPHA_VK_PROFILE");
        if (r == ALPHA_OK && ((d.flags & ALPHA_VK_DESC_PROFILE) || (env && env[0] == '1'))) r = alpha__vk_profile_init(vk);
        if (r == ALPHA_OK && (env = getenv("ALPHA_VK_MATMUL")) != NULL && env[0]) alpha__vk_matmul_env(vk, env);
        vk->coop_attention = !((env = getenv("ALPHA_VK_COOP_ATTENTION")) != NULL && env[0] == '0');
        vk->emulate16 = (env = getenv("ALPHA_VK_EMULATE16")) != NULL && env[0] == '1';
        vk->tune = 0;
        if ((env = getenv("ALPHA_VK_TUNE")) != NULL)   /* kernel shapes under measurement (bench/vk_gemm_sweep.sh) */
            vk->tune = (strstr(env, "deep") ? ALPHA__VK_TUNE_DEEP : 0u) | (strstr(env, "wide") ? ALPHA__VK_TUNE_WIDE : 0u) |
                       (strstr(env, "fapre") ? ALPHA__VK_TUNE_FAPRE : 0u);
        return r;
    }
}

ALPHA_API alpha_result alpha_vk_set_matmul_precision(alpha_vk *vk, int precision) {
    static const char *const names[3] = {"fp32", "bf16", "f16"};
    if (!vk) return ALPHA_ERR_INVALID;
    if (precision < ALPHA_VK_MATMUL_FP32 || precision > ALPHA_VK_MATMUL_F16)
        return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_set_matmul_precision: %d is not an ALPHA_VK_MATMUL_* value", precision);
    if (((precision == ALPHA_VK_MATMUL_BF16 && !vk->info.coopmat_bf16) || (precision == ALPHA_VK_MATMUL_F16 && !vk->info.coopmat_f16)) && !vk->emulate16)
        return alpha__vk_fail(vk, ALPHA_ERR_UNSUPPORTED, "alpha_vk_set_matmul_precision: %s products need cooperative matrices "
                              "(VK_KHR_cooperative_matrix%s, 16x16x16 %s x %s + f32 on subgroups of 32), which %s lacks",
                              names[precision], precision == ALPHA_VK_MATMUL_BF16 ? " and VK_KHR_shader_bfloat16" : "",
                              names[precision], names[precision], vk->info.device_name);
    vk->matmul_precision = precision;
    return ALPHA_OK;
}
ALPHA_API int alpha_vk_matmul_precision(const alpha_vk *vk) { return vk ? vk->matmul_precision : ALPHA_VK_MATMUL_FP32; }
/* ALPHA_VK_MATMUL=fp32|bf16|f16 at create: a bad or unsupported value is logged, not an error */
static void alpha__vk_matmul_env(alpha_vk *vk, const char *env) {
    int p = strcmp(env, "bf16") == 0 ? ALPHA_VK_MATMUL_BF16 : strcmp(env, "f16") == 0 ? ALPHA_VK_MATMUL_F16
          : strcmp(env, "fp32") == 0 ? ALPHA_VK_MATMUL_FP32 : -1;
    char msg[1200];
    if (alpha_vk_set_matmul_precision(vk, p) == ALPHA_OK) return;
    snprintf(msg, sizeof msg, "alpha_vk: ALPHA_VK_MATMUL=%.40s ignored: %s", env, vk->err);
    vk->err[0] = 0;
    alpha__vk_log(vk, ALPHA_LOG_WARN, msg);
}

ALPHA_API const char *alpha_vk_last_error(const alpha_vk *vk) { return vk ? vk->err : "alpha_vk: object is NULL"; }
ALPHA_API const alpha_vk_info *alpha_vk_get_info(const alpha_vk *vk) { return vk ? &vk->info : NULL; }
ALPHA_API uint32_t alpha_vk_validation_messages(const alpha_vk *vk) { return vk ? vk->validation_count : 0; }

/* ---- submission ---- */
static alpha_result alpha__vk_submit(alpha_vk *vk, VkCommandBuffer cb, const char *where) {
    VkSubmitInfo si;
    VkResult vr;
    char what[160];
    if (vk->lost) return alpha__vk_fail(vk, ALPHA_ERR_DEVICE, "%s: the device was lost earlier", where);
    memset(&si, 0, sizeof si);
    si.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO;
    si.commandBufferCount = 1;
    si.pCommandBuffers = &cb;
    if (vk->timeline) {
        VkTimelineSemaphoreSubmitInfo ts;
        VkSemaphoreWaitInfo wi;
        uint64_t value = vk->timeline_value + 1;
        memset(&ts, 0, sizeof ts);
        ts.sType = VK_STRUCTURE_TYPE_TIMELINE_SEMAPHORE_SUBMIT_INFO;
        ts.signalSemaphoreValueCount = 1;
        ts.pSignalSemaphoreValues = &value;
        si.pNext = &ts;
        si.signalSemaphoreCount = 1;
        si.pSignalSemaphores = &vk->timeline;
        vr = alpha__vk_queue_submit(vk, &si, VK_NULL_HANDLE);
        snprintf(what, sizeof what, "%s: vkQueueSubmit", where);
        if (vr != VK_SUCCESS) return alpha__vk_check(vk, vr, what);
        vk->timeline_value = value;
        memset(&wi, 0, sizeof wi);
        wi.sType = VK_STRUCTURE_TYPE_SEMAPHORE_WAIT_INFO;
        wi.semaphoreCount = 1;
        wi.pSemaphores = &vk->timeline;
        wi.pValues = &value;
        vr = vk->t.vkWaitSemaphores(vk->device, &wi, UINT64_MAX);
        snprintf(what, sizeof what, "%s: vkWaitSemaphores", where);
        return alpha__vk_check(vk, vr, what);
    }
    vr = alpha__vk_queue_submit(vk, &si, vk->fence);
    snprintf(what, sizeof what, "%s: vkQueueSubmit", where);
    if (vr != VK_SUCCESS) return alpha__vk_check(vk, vr, what);
    vr = vk->t.vkWaitForFences(vk->device, 1, &vk->fence, VK_TRUE, UINT64_MAX);
    if (vr == VK_SUCCESS) vr = vk->t.vkResetFences(vk->device, 1, &vk->fence);
    snprintf(what, sizeof what, "%s: vkWaitForFences", where);
    return alpha__vk_check(vk, vr, what);
}

static void alpha__vk_global_barrier(alpha_vk *vk, VkCommandBuffer cb, VkPipelineStageFlags src, VkAccessFlags src_access,
                                     VkPipelineStageFlags dst, VkAccessFlags dst_access) {
    VkMemoryBarrier mb;
    memset(&mb, 0, sizeof mb);
    mb.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER;
    mb.srcAccessMask = src_access;
    mb.dstAccessMask = dst_access;
    vk->t.vkCmdPipelineBarrier(cb, src, dst, 0, 1, &mb, 0, NULL, 0, NULL);
}

static alpha_result alpha__vk_flush(alpha_vk *vk);
ALPHA_API alpha_result alpha_vk_submit_and_wait(alpha_vk *vk) {
    uint32_t i;
    VkResult vr;
    alpha_result r;
    if (!vk) return ALPHA_ERR_INVALID;
    if ((r = alpha__vk_flush(vk)) != ALPHA_OK) return r;
    if (vk->capture) return alpha__vk_fail(vk, ALPHA_ERR_STATE, "alpha_vk: the work would have to run, but a step is being captured");
    if (!vk->recording) return ALPHA_OK;
    alpha__vk_global_barrier(vk, vk->cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
                             VK_PIPELINE_STAGE_TRANSFER_BIT | VK_PIPELINE_STAGE_HOST_BIT,
                             VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT | VK_ACCESS_HOST_READ_BIT);
    vk->recording = 0;
    vr = vk->t.vkEndCommandBuffer(vk->cmd);
    r = vr == VK_SUCCESS ? alpha__vk_submit(vk, vk->cmd, "alpha_vk_submit_and_wait")
                         : alpha__vk_check(vk, vr, "alpha_vk_submit_and_wait: vkEndCommandBuffer");
    if (r != ALPHA_OK && !vk->lost) alpha__vk_queue_idle(vk);
    if (r == ALPHA_OK) alpha__vk_profile_collect(vk);
    vk->prof_n = 0;
    for (i = 0; i < vk->n_dpools; i++) vk->t.vkResetDescriptorPool(vk->device, vk->dpools[i], 0);
    vk->cur_dpool = 0;
    vk->n_prev = 0;
    vk->prev_unbound = 0;
    return r;
}

/* ---- buffers: slabs sub-allocated first-fit ---- */
/* takes need bytes from slab s: 1 = done (*off), 0 = no room, -1 = host OOM */
static int alpha__vk_slab_take(alpha_vk *vk, alpha__vk_slab *s, VkDeviceSize need, VkDeviceSize *off) {
    uint32_t i;
    for (i = 0; i < s->n_blocks; i++) {
        alpha__vk_block *b = &s->blocks[i];
        if (b->used || b->size < need) continue;
        if (b->size > need) {
            if (!alpha__vk_grow(&vk->allocator, (void **)&s->blocks, &s->cap_blocks, s->n_blocks + 1, sizeof *s->blocks)) return -1;
            b = &s->blocks[i];
            memmove(&s->blocks[i + 2], &s->blocks[i + 1], sizeof *s->blocks * (s->n_blocks - i - 1));
            s->blocks[i + 1].offset = b->offset + need;
            s->blocks[i + 1].size = b->size - need;
            s->blocks[i + 1].used = 0;
            s->n_blocks++;
            b->size = need;
        }
        b->used = 1;
        *off = b->offset;
        return 1;
    }
    return 0;
}
static void alpha__vk_slab_give(alpha__vk_slab *s, VkDeviceSize off) {
    uint32_t i;
    for (i = 0; i < s->n_blocks && s->blocks[i].offset != off; i++) {}
    if (i == s->n_blocks) return;
    s->blocks[i].used = 0;
    if (i + 1 < s->n_blocks && !s->blocks[i + 1].used) {
        s->blocks[i].size += s->blocks[i + 1].size;
        memmove(&s->blocks[i + 1], &s->blocks[i + 2], sizeof *s->blocks * (s->n_blocks - i - 2));
        s->n_blocks--;
    }
    if (i > 0 && !s->blocks[i - 1].used) {
        s->blocks[i - 1].size += s->blocks[i].size;
        memmove(&s->blocks[i], &s->blocks[i + 1], sizeof *s->blocks * (s->n_blocks - i - 1));
        s->n_blocks--;
    }
}
static alpha_result alpha__vk_slab_new(alpha_vk *vk, VkDeviceSize size, int dedicated, uint32_t *index) {
    uint32_t i;
    alpha__vk_slab *s;
    alpha_result r;
    for (i = 0; i < vk->n_slabs && vk->slabs[i].memory; i++) {}
    if (i == vk->n_slabs) {
        if (!alpha__vk_grow(&vk->allocator, (void **)&vk->slabs, &vk->cap_slabs, vk->n_slabs + 1, sizeof *vk->slabs))
            return alpha__vk_fail(vk, ALPHA_ERR_OOM, "alpha_vk_buffer_create: out of host memory");
        memset(&vk->slabs[i], 0, sizeof *vk->slabs);
        vk->n_slabs++;
    }
    s = &vk->slabs[i];
    s->blocks = (alpha__vk_block *)alpha__vk_alloc(&vk->allocator, sizeof *s->blocks * 8);
    if (!s->blocks) return alpha__vk_fail(vk, ALPHA_ERR_OOM, "alpha_vk_buffer_create: out of host memory");
    s->cap_blocks = 8;
    r = alpha__vk_make_buffer(vk, size, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
                              VK_BUFFER_USAGE_TRANSFER_DST_BIT, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, 0,
                              &s->buffer, &s->memory, "alpha_vk_buffer_create: device memory slab");
    if (r != ALPHA_OK) { alpha__vk_slab_release(vk, s); return r; }
    s->size = size;
    s->dedicated = dedicated;
    s->n_blocks = 1;
    s->blocks[0].offset = 0; s->blocks[0].size = size; s->blocks[0].used = 0;
    *index = i;
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_vk_buffer_create(alpha_vk *vk, size_t bytes, alpha_vk_buffer **out) {
    VkDeviceSize need, off = 0;
    uint32_t i, slab = UINT32_MAX;
    alpha_vk_buffer *b;
    alpha_result r;
    int got = 0;
    if (out) *out = NULL;
    if (!vk || !out) return vk ? alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_buffer_create: out is NULL") : ALPHA_ERR_INVALID;
    if (!vk->device) return alpha__vk_fail(vk, ALPHA_ERR_STATE, "alpha_vk_buffer_create: the runtime was not created successfully");
    if (bytes == 0) return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_buffer_create: bytes is 0");
    if ((uint64_t)bytes > vk->info.device_local_bytes)
        return alpha__vk_fail(vk, ALPHA_ERR_OOM, "alpha_vk_buffer_create: %llu bytes exceed the device-local heap (%llu bytes)",
                              (unsigned long long)bytes, (unsigned long long)vk->info.device_local_bytes);
    if ((uint64_t)bytes > vk->info.max_storage_buffer_range && !vk->info.buffer_device_address)
        return alpha__vk_fail(vk, ALPHA_ERR_UNSUPPORTED, "alpha_vk_buffer_create: %llu bytes exceed the device's maxStorageBufferRange (%llu)",
                              (unsigned long long)bytes, (unsigned long long)vk->info.max_storage_buffer_range);
    need = ((VkDeviceSize)bytes + vk->align - 1) / vk->align * vk->align;
    if (need <= vk->slab_size) {
        for (i = 0; i < vk->n_slabs && !got; i++) {
            int t;
            if (!vk->slabs[i].memory || vk->slabs[i].dedicated) continue;
            t = alpha__vk_slab_take(vk, &vk->slabs[i], need, &off);
            if (t < 0) return alpha__vk_fail(vk, ALPHA_ERR_OOM, "alpha_vk_buffer_create: out of host memory");
            if (t > 0) { got = 1; slab = i; }
        }
    }
    if (!got) {
        r = alpha__vk_slab_new(vk, need > vk->slab_size ? need : vk->slab_size, need > vk->slab_size, &slab);
        if (r != ALPHA_OK) return r;
        if (alpha__vk_slab_take(vk, &vk->slabs[slab], need, &off) <= 0)
            return alpha__vk_fail(vk, ALPHA_ERR_OOM, "alpha_vk_buffer_create: out of host memory");
    }
    b = (alpha_vk_buffer *)alpha__vk_alloc(&vk->allocator, sizeof *b);
    if (!b || !alpha__vk_grow(&vk->allocator, (void **)&vk->buffers, &vk->cap_buffers, vk->n_buffers + 1, sizeof *vk->buffers)) {
        alpha__vk_free(&vk->allocator, b);
        alpha__vk_slab_give(&vk->slabs[slab], off);
        return alpha__vk_fail(vk, ALPHA_ERR_OOM, "alpha_vk_buffer_create: out of host memory");
    }
    b->slab = slab;
    b->offset = off;
    b->alloc_size = need;
    b->size = bytes;
    b->index = vk->n_buffers;
    vk->buffers[vk->n_buffers++] = b;
    *out = b;
    return ALPHA_OK;
}

ALPHA_API void alpha_vk_buffer_free(alpha_vk *vk, alpha_vk_buffer *buf) {
    alpha__vk_slab *s;
    uint32_t i;
    if (!vk || !buf) return;
    if (buf->index >= vk->n_buffers || vk->buffers[buf->index] != buf) {
        alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_buffer_free: %p is not a live buffer of this runtime", (void *)buf);
        return;
    }
    if (vk->recording && alpha_vk_submit_and_wait(vk) != ALPHA_OK) return;   /* e.g. while capturing: the buffer stays */
    s = &vk->slabs[buf->slab];
    alpha__vk_slab_give(s, buf->offset);
    if (s->dedicated && s->n_blocks == 1 && !s->blocks[0].used) alpha__vk_slab_release(vk, s);
    i = buf->index;
    vk->buffers[i] = vk->buffers[--vk->n_buffers];
    vk->buffers[i]->index = i;
    alpha__vk_free(&vk->allocator, buf);
}

ALPHA_API size_t alpha_vk_buffer_size(const alpha_vk_buffer *buf) { return buf ? buf->size : 0; }
ALPHA_API uint64_t alpha_vk_buffer_address(alpha_vk *vk, const alpha_vk_buffer *buf) {
    VkBufferDeviceAddressInfo ai;
    if (!vk || !buf || !vk->info.buffer_device_address || buf->index >= vk->n_buffers || vk->buffers[buf->index] != buf) return 0;
    memset(&ai, 0, sizeof ai);
    ai.sType = VK_STRUCTURE_TYPE_BUFFER_DEVICE_ADDRESS_INFO;
    ai.buffer = vk->slabs[buf->slab].buffer;
    return (uint64_t)vk->t.vkGetBufferDeviceAddress(vk->device, &ai) + (uint64_t)buf->offset;
}

static alpha_result alpha__vk_transfer(alpha_vk *vk, alpha_vk_buffer *buf, size_t offset, void *host, size_t bytes, int upload) {
    const char *fn = upload ? "alpha_vk_buffer_upload" : "alpha_vk_buffer_download";
    VkCommandBufferBeginInfo bi;
    VkBufferCopy region;
    VkResult vr;
    alpha_result r;
    size_t done = 0;
    if (!vk) return ALPHA_ERR_INVALID;
    if (!buf || (!host && bytes)) return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "%s: %s is NULL", fn, buf ? "host pointer" : "buffer");
    if (buf->index >= vk->n_buffers || vk->buffers[buf->index] != buf)
        return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "%s: %p is not a live buffer of this runtime", fn, (void *)buf);
    if (offset > buf->size || bytes > buf->size - offset)
        return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "%s: range [%llu, %llu + %llu) is outside the buffer (%llu bytes)", fn,
                              (unsigned long long)offset, (unsigned long long)offset, (unsigned long long)bytes,
                              (unsigned long long)buf->size);
    r = alpha_vk_submit_and_wait(vk);
    if (r != ALPHA_OK) return r;
    memset(&bi, 0, sizeof bi);
    bi.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
    bi.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    while (done < bytes) {
        size_t chunk = bytes - done < (size_t)vk->staging_size ? bytes - done : (size_t)vk->staging_size;
        if (upload) memcpy(vk->staging_map, (const char *)host + done, chunk);
        vr = vk->t.vkBeginCommandBuffer(vk->xfer, &bi);
        if (vr != VK_SUCCESS) return alpha__vk_check(vk, vr, "alpha_vk transfer: vkBeginCommandBuffer");
        alpha__vk_global_barrier(vk, vk->xfer, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
                                 VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT,
                                 VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT);
        region.size = chunk;
        if (upload) {
            region.srcOffset = 0;
            region.dstOffset = buf->offset + offset + done;
            vk->t.vkCmdCopyBuffer(vk->xfer, vk->staging, vk->slabs[buf->slab].buffer, 1, &region);
        } else {
            region.srcOffset = buf->offset + offset + done;
            region.dstOffset = 0;
            vk->t.vkCmdCopyBuffer(vk->xfer, vk->slabs[buf->slab].buffer, vk->staging, 1, &region);
        }
        alpha__vk_global_barrier(vk, vk->xfer, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                                 VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT | VK_PIPELINE_STAGE_HOST_BIT,
                                 VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_READ_BIT |
                                 VK_ACCESS_TRANSFER_WRITE_BIT | VK_ACCESS_HOST_READ_BIT);
        vr = vk->t.vkEndCommandBuffer(vk->xfer);
        if (vr != VK_SUCCESS) return alpha__vk_check(vk, vr, "alpha_vk transfer: vkEndCommandBuffer");
        r = alpha__vk_submit(vk, vk->xfer, fn);
        if (r != ALPHA_OK) return r;
        if (!upload) memcpy((char *)host + done, vk->staging_map, chunk);
        done += chunk;
    }
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_vk_buffer_upload(alpha_vk *vk, alpha_vk_buffer *buf, size_t offset, const void *src, size_t bytes) {
    return alpha__vk_transfer(vk, buf, offset, (void *)(uintptr_t)src, bytes, 1);
}
ALPHA_API alpha_result alpha_vk_buffer_download(alpha_vk *vk, alpha_vk_buffer *buf, size_t offset, void *dst, size_t bytes) {
    return alpha__vk_transfer(vk, buf, offset, dst, bytes, 0);
}

/* ---- pipelines ---- */
ALPHA_API alpha_vk_pipeline *alpha_vk_pipeline_find(alpha_vk *vk, uint64_t key) {
    uint32_t i;
    if (!vk || !key) return NULL;
    for (i = 0; i < vk->n_pipes; i++) if (vk->pipes[i]->key == key) return vk->pipes[i];
    return NULL;
}
ALPHA_API uint32_t alpha_vk_pipeline_count(const alpha_vk *vk) { return vk ? vk->n_pipes : 0; }

/* debug hook: writes the words to <dump_dir>/<name>.spv (a failure is a warning: the dump is
   a debugging aid, the pipeline is still made) */
static void alpha__vk_dump_spirv(alpha_vk *vk, const alpha_vk_pipeline_desc *desc) {
    char name[160], path[1400];
    FILE *f;
    size_t i;
    int ok;
    if (desc->name) {
        snprintf(name, sizeof name, "%s", desc->name);
        for (i = 0; name[i]; i++)   /* a file name, not a path */
            if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') || (name[i] >= '0' && name[i] <= '9') ||
                  name[i] == '-' || name[i] == '_' || name[i] == '.'))
                name[i] = '_';
    } else if (desc->key) {
        snprintf(name, sizeof name, "key-%016llx", (unsigned long long)desc->key);
    } else {   /* FNV-1a of the words: the same module gets the same file */
        uint32_t h = 2166136261u;
        for (i = 0; i < desc->n_words * 4; i++) h = (h ^ ((const uint8_t *)desc->words)[i]) * 16777619u;
        snprintf(name, sizeof name, "spirv-%08x", (unsigned)h);
    }
    snprintf(path, sizeof path, "%s/%s.spv", vk->dump_dir, name);
    f = fopen(path, "wb");
    ok = f && fwrite(desc->words, 4, desc->n_words, f) == desc->n_words;
    if (f && fclose(f) != 0) ok = 0;
    if (!ok) {
        char msg[1500];
        snprintf(msg, sizeof msg, "alpha_vk: SPIR-V dump: cannot write %s", path);
        alpha__vk_log(vk, ALPHA_LOG_WARN, msg);
    }
}

/* defer: leave the compute pipeline to the next flush (alpha__vk_flush compiles every pending one
   at once on worker threads; until then dispatches of it are held back) */
/* ALPHA_VK_PIPELINE_STATS=1: the compiler's statistics of each pipeline as it is made (what
   the driver reports through VK_KHR_pipeline_executable_properties: on NVIDIA registers per
   invocation, spills, shared memory), one JSON line on stderr, for tuning the kernels */
static void alpha__vk_pipeline_stats(alpha_vk *vk, const alpha_vk_pipeline *p) {
    VkPipelineExecutableInfoKHR ei;
    VkPipelineExecutableStatisticKHR st[32];
    uint32_t n = 32, i;
    if (!vk->pipe_stats || p->pipeline == VK_NULL_HANDLE) return;
    memset(&ei, 0, sizeof ei);
    memset(st, 0, sizeof st);
    ei.sType = VK_STRUCTURE_TYPE_PIPELINE_EXECUTABLE_INFO_KHR;
    ei.pipeline = p->pipeline;
    for (i = 0; i < n; i++) st[i].sType = VK_STRUCTURE_TYPE_PIPELINE_EXECUTABLE_STATISTIC_KHR;
    if (vk->t.vkGetPipelineExecutableStatisticsKHR(vk->device, &ei, &n, st) < 0) return;
    fprintf(stderr, "{\"pipeline\":\"%s\"", p->name);
    for (i = 0; i < n; i++) {
        const VkPipelineExecutableStatisticKHR *s = &st[i];
        fprintf(stderr, ",\"%s\":", s->name);
        if (s->format == VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_BOOL32_KHR) fprintf(stderr, "%s", s->value.b32 ? "true" : "false");
        else if (s->format == VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_INT64_KHR) fprintf(stderr, "%lld", (long long)s->value.i64);
        else if (s->format == VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_UINT64_KHR) fprintf(stderr, "%llu", (unsigned long long)s->value.u64);
        else fprintf(stderr, "%g", s->value.f64);
    }
    fprintf(stderr, "}\n");
}

static alpha_result alpha__vk_pipeline_make(alpha_vk *vk, const alpha_vk_pipeline_desc *desc, int defer, alpha_vk_pipeline **out) {
    VkShaderModuleCreateInfo smi;
    VkDescriptorSetLayoutBinding bind[ALPHA__VK_MAX_BINDINGS];
    VkDescriptorSetLayoutCreateInfo dli;
    VkPushConstantRange pcr;
    VkPipelineLayoutCreateInfo pli;
    VkComputePipelineCreateInfo cpi;
    VkSpecializationInfo spec;
    VkSpecializationMapEntry *map = NULL;
    uint32_t *data = NULL, n_map = 0, i;
    alpha_vk_pipeline *p;
    VkResult vr;
    alpha_result r = ALPHA_OK;
    if (out) *out = NULL;
    if (!vk) return ALPHA_ERR_INVALID;
    if (!desc || !out) return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_pipeline_create: %s is NULL", desc ? "out" : "desc");
    if (!vk->device) return alpha__vk_fail(vk, ALPHA_ERR_STATE, "alpha_vk_pipeline_create: the runtime was not created successfully");
    if (desc->key && (p = alpha_vk_pipeline_find(vk, desc->key)) != NULL) { *out = p; return ALPHA_OK; }
    if (!desc->words || desc->n_words < 5 || desc->words[0] != 0x07230203u)
        return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_pipeline_create: words (%llu of them) are not a SPIR-V module",
                              (unsigned long long)desc->n_words);
    if (desc->n_buffers > ALPHA__VK_MAX_BINDINGS)
        return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_pipeline_create: n_buffers %u > %u", desc->n_buffers, ALPHA__VK_MAX_BINDINGS);
    if (desc->push_size % 4 || desc->push_size > vk->info.max_push_constants)
        return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_pipeline_create: push_size %u must be a multiple of 4 and at most %u",
                              desc->push_size, vk->info.max_push_constants);
    if (desc->n_spec && !desc->spec)
        return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_pipeline_create: n_spec is %u but spec is NULL", desc->n_spec);
    if (desc->n_spec > 1024)
        return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_pipeline_create: n_spec %u > 1024", desc->n_spec);
    if (vk->dump_dir) alpha__vk_dump_spirv(vk, desc);
    if (!alpha__vk_grow(&vk->allocator, (void **)&vk->pipes, &vk->cap_pipes, vk->n_pipes + 1, sizeof *vk->pipes))
        return alpha__vk_fail(vk, ALPHA_ERR_OOM, "alpha_vk_pipeline_create: out of host memory");
    p = (alpha_vk_pipeline *)alpha__vk_alloc(&vk->allocator, sizeof *p);
    map = (VkSpecializationMapEntry *)alpha__vk_alloc(&vk->allocator, sizeof *map * (3 + desc->n_spec));
    data = (uint32_t *)alpha__vk_alloc(&vk->allocator, sizeof *data * (3 + desc->n_spec));
    if (!p || !map || !data) {
        alpha__vk_free(&vk->allocator, p); alpha__vk_free(&vk->allocator, map); alpha__vk_free(&vk->allocator, data);
        return alpha__vk_fail(vk, ALPHA_ERR_OOM, "alpha_vk_pipeline_create: out of host memory");
    }
    memset(p, 0, sizeof *p);
    p->key = desc->key;
    p->n_buffers = desc->n_buffers;
    p->push_size = desc->push_size;
    if (desc->name) snprintf(p->name, sizeof p->name, "%s", desc->name);
    else snprintf(p->name, sizeof p->name, "key-%llx", (unsigned long long)desc->key);

    memset(&smi, 0, sizeof smi);
    smi.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO;
    smi.codeSize = desc->n_words * 4;
    smi.pCode = desc->words;
    vr = vk->t.vkCreateShaderModule(vk->device, &smi, NULL, &p->module);
    if (vr != VK_SUCCESS) { p->module = VK_NULL_HANDLE; r = alpha__vk_check(vk, vr, "alpha_vk_pipeline_create: vkCreateShaderModule"); }
    if (r == ALPHA_OK) {
        for (i = 0; i < desc->n_buffers; i++) {
            memset(&bind[i], 0, sizeof bind[i]);
            bind[i].binding = i;
            bind[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
            bind[i].descriptorCount = 1;
            bind[i].stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
        }
        memset(&dli, 0, sizeof dli);
        dli.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO;
        dli.bindingCount = desc->n_buffers;
        dli.pBindings = desc->n_buffers ? bind : NULL;
        vr = vk->t.vkCreateDescriptorSetLayout(vk->device, &dli, NULL, &p->set_layout);
        if (vr != VK_SUCCESS) { p->set_layout = VK_NULL_HANDLE; r = alpha__vk_check(vk, vr, "alpha_vk_pipeline_create: vkCreateDescriptorSetLayout"); }
    }
    if (r == ALPHA_OK) {
        memset(&pcr, 0, sizeof pcr);
        pcr.stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
        pcr.size = desc->push_size;
        memset(&pli, 0, sizeof pli);
        pli.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO;
        pli.setLayoutCount = 1;
        pli.pSetLayouts = &p->set_layout;
        pli.pushConstantRangeCount = desc->push_size ? 1 : 0;
        pli.pPushConstantRanges = desc->push_size ? &pcr : NULL;
        vr = vk->t.vkCreatePipelineLayout(vk->device, &pli, NULL, &p->layout);
        if (vr != VK_SUCCESS) { p->layout = VK_NULL_HANDLE; r = alpha__vk_check(vk, vr, "alpha_vk_pipeline_create: vkCreatePipelineLayout"); }
    }
    if (r == ALPHA_OK) {
        if (desc->local_size[0] || desc->local_size[1] || desc->local_size[2]) {
            for (i = 0; i < 3; i++) {
                map[n_map].constantID = i;
                map[n_map].offset = n_map * 4;
                map[n_map].size = 4;
                data[n_map++] = desc->local_size[i] ? desc->local_size[i] : 1;
            }
        }
        for (i = 0; i < desc->n_spec; i++) {
            map[n_map].constantID = 3 + i;
            map[n_map].offset = n_map * 4;
            map[n_map].size = 4;
            data[n_map++] = desc->spec[i];
        }
        memset(&spec, 0, sizeof spec);
        spec.mapEntryCount = n_map;
        spec.pMapEntries = map;
        spec.dataSize = n_map * 4;
        spec.pData = data;
        memset(&cpi, 0, sizeof cpi);
        cpi.sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO;
        cpi.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
        cpi.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
        cpi.stage.module = p->module;
        cpi.stage.pName = desc->entry ? desc->entry : "main";
        cpi.stage.pSpecializationInfo = n_map ? &spec : NULL;
        cpi.layout = p->layout;
        if (vk->pipe_stats) cpi.flags |= VK_PIPELINE_CREATE_CAPTURE_STATISTICS_BIT_KHR;
        if (defer) {   /* keep what the create info points to */
            p->cpi = cpi; p->spec = spec; p->map = map; p->data = data; map = NULL; data = NULL;
            p->spec.pMapEntries = p->map; p->spec.pData = p->data;
            p->cpi.stage.pSpecializationInfo = n_map ? &p->spec : NULL;
            p->cpi.stage.pName = "main";
            p->pending = 1;
        } else {
            vr = vk->t.vkCreateComputePipelines(vk->device, vk->pcache, 1, &cpi, NULL, &p->pipeline);
            if (vr != VK_SUCCESS) { p->pipeline = VK_NULL_HANDLE; r = alpha__vk_check(vk, vr, "alpha_vk_pipeline_create: vkCreateComputePipelines"); }
            else alpha__vk_pipeline_stats(vk, p);
        }
    }
    alpha__vk_free(&vk->allocator, map);
    alpha__vk_free(&vk->allocator, data);
    if (r != ALPHA_OK) {
        if (p->layout) vk->t.vkDestroyPipelineLayout(vk->device, p->layout, NULL);
        if (p->set_layout) vk->t.vkDestroyDescriptorSetLayout(vk->device, p->set_layout, NULL);
        if (p->module) vk->t.vkDestroyShaderModule(vk->device, p->module, NULL);
        alpha__vk_free(&vk->allocator, p);
        return r;
    }
    vk->pipes[vk->n_pipes++] = p;
    *out = p;
    return ALPHA_OK;
}
ALPHA_API alpha_result alpha_vk_pipeline_create(alpha_vk *vk, const alpha_vk_pipeline_desc *desc, alpha_vk_pipeline **out) {
    return alpha__vk_pipeline_make(vk, desc, 0, out);
}

/* ---- dispatch ---- */
static alpha_result alpha__vk_alloc_set(alpha_vk *vk, VkDescriptorSetLayout layout, VkDescriptorSet *set) {
    VkDescriptorSetAllocateInfo ai;
    VkDescriptorPoolCreateInfo pi;
    VkDescriptorPoolSize ps;
    VkResult vr;
    memset(&ai, 0, sizeof ai);
    ai.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO;
    ai.descriptorSetCount = 1;
    ai.pSetLayouts = &layout;
    for (;;) {
        if (vk->cur_dpool == vk->n_dpools) {
            if (!alpha__vk_grow(&vk->allocator, (void **)&vk->dpools, &vk->cap_dpools, vk->n_dpools + 1, sizeof *vk->dpools))
                return alpha__vk_fail(vk, ALPHA_ERR_OOM, "alpha_vk_dispatch: out of host memory");
            memset(&ps, 0, sizeof ps);
            ps.type = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
            ps.descriptorCount = ALPHA__VK_SETS_PER_POOL * ALPHA__VK_MAX_BINDINGS;
            memset(&pi, 0, sizeof pi);
            pi.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO;
            pi.maxSets = ALPHA__VK_SETS_PER_POOL;
            pi.poolSizeCount = 1;
            pi.pPoolSizes = &ps;
            vr = vk->t.vkCreateDescriptorPool(vk->device, &pi, NULL, &vk->dpools[vk->n_dpools]);
            if (vr != VK_SUCCESS) return alpha__vk_check(vk, vr, "alpha_vk_dispatch: vkCreateDescriptorPool");
            vk->n_dpools++;
        }
        ai.descriptorPool = vk->dpools[vk->cur_dpool];
        vr = vk->t.vkAllocateDescriptorSets(vk->device, &ai, set);
        if (vr == VK_SUCCESS) return ALPHA_OK;
        if (vr != VK_ERROR_OUT_OF_POOL_MEMORY && vr != VK_ERROR_FRAGMENTED_POOL)
            return alpha__vk_check(vk, vr, "alpha_vk_dispatch: vkAllocateDescriptorSets");
        vk->cur_dpool++;
    }
}

/* ---- deferred pipeline compiles ---- */
/* The tensor backend's pipelines are compiled at the next flush, all pending ones at once on
   worker threads (vkCreateComputePipelines is free-threaded; a training step's first run makes
   dozens of them, one after another before), and the dispatches held back meanwhile are then
   recorded in order. Flushed before anything submits or ends a command buffer. */
#define ALPHA__VK_COMPILE_THREADS 16u
typedef struct alpha__vk_compile_job { alpha_vk *vk; alpha_vk_pipeline **pipes; uint32_t n, first, step; } alpha__vk_compile_job;
static void alpha__vk_compile_some(alpha__vk_compile_job *j) {
    uint32_t i;
    for (i = j->first; i < j->n; i += j->step) {
        alpha_vk_pipeline *p = j->pipes[i];
        p->vr = j->vk->t.vkCreateComputePipelines(j->vk->device, j->vk->pcache, 1, &p->cpi, NULL, &p->pipeline);
    }
}
#ifdef _WIN32
static DWORD WINAPI alpha__vk_compile_thread(LPVOID arg) { alpha__vk_compile_some((alpha__vk_compile_job *)arg); return 0; }
#else
static void *alpha__vk_compile_thread(void *arg) { alpha__vk_compile_some((alpha__vk_compile_job *)arg); return NULL; }
#endif
static alpha_result alpha__vk_compile_pending(alpha_vk *vk) {
    alpha_vk_pipeline **pend;
    alpha__vk_compile_job jobs[ALPHA__VK_COMPILE_THREADS];
#ifdef _WIN32
    HANDLE th[ALPHA__VK_COMPILE_THREADS];
#else
    pthread_t th[ALPHA__VK_COMPILE_THREADS];
#endif
    int started[ALPHA__VK_COMPILE_THREADS];
    uint32_t n = 0, t, nt, i;
    alpha_result r = ALPHA_OK;
    for (i = 0; i < vk->n_pipes; i++) n += vk->pipes[i]->pending != 0;
    if (!n) return ALPHA_OK;
    if (!(pend = (alpha_vk_pipeline **)alpha__vk_alloc(&vk->allocator, n * sizeof *pend)))
        return alpha__vk_fail(vk, ALPHA_ERR_OOM, "alpha_vk: out of host memory compiling pipelines");
    for (i = 0, n = 0; i < vk->n_pipes; i++) if (vk->pipes[i]->pending) pend[n++] = vk->pipes[i];
    nt = n < ALPHA__VK_COMPILE_THREADS ? n : ALPHA__VK_COMPILE_THREADS;
    for (t = 0; t < nt; t++) {   /* thread t compiles t, t + nt, ...; job 0 runs here */
        jobs[t].vk = vk; jobs[t].pipes = pend; jobs[t].n = n; jobs[t].first = t; jobs[t].step = nt;
        started[t] = 0;
        if (t == 0) continue;
#ifdef _WIN32
        th[t] = CreateThread(NULL, 0, alpha__vk_compile_thread, &jobs[t], 0, NULL);
        started[t] = th[t] != NULL;
#else
        started[t] = pthread_create(&th[t], NULL, alpha__vk_compile_thread, &jobs[t]) == 0;
#endif
    }
    alpha__vk_compile_some(&jobs[0]);
    for (t = 1; t < nt; t++) {
        if (!started[t]) { alpha__vk_compile_some(&jobs[t]); continue; }   /* no thread: do its share here */
#ifdef _WIN32
        WaitForSingleObject(th[t], INFINITE);
        CloseHandle(th[t]);
#else
        pthread_join(th[t], NULL);
#endif
    }
    for (i = 0; i < n; i++) {
        alpha_vk_pipeline *p = pend[i];
        p->pending = 0;
        alpha__vk_free(&vk->allocator, p->map); alpha__vk_free(&vk->allocator, p->data);
        p->map = NULL; p->data = NULL;
        if (p->vr != VK_SUCCESS) {
            p->pipeline = VK_NULL_HANDLE; p->failed = 1;
            if (r == ALPHA_OK) r = alpha__vk_check(vk, p->vr, "alpha_vk: vkCreateComputePipelines (a deferred kernel)");
        } else {
            alpha__vk_pipeline_stats(vk, p);
        }
    }
    alpha__vk_free(&vk->allocator, pend);
    return r;
}
static alpha_result alpha__vk_record(alpha_vk *vk, alpha_vk_pipeline *pipe, alpha_vk_buffer *const *buffers,
                                     const void *push, uint32_t push_size, const uint32_t groups[3]);
/* compiles what is pending, then records the dispatches held back, in order */
static alpha_result alpha__vk_flush(alpha_vk *vk) {
    alpha_result r;
    uint32_t i, n = vk->n_deferred;
    if (!n) return ALPHA_OK;
    r = alpha__vk_compile_pending(vk);
    vk->n_deferred = 0;
    for (i = 0; i < n && r == ALPHA_OK; i++) {
        alpha__vk_deferred *d = &vk->deferred[i];
        r = d->pipe->failed ? alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk: pipeline %s did not compile", d->pipe->name)
                            : alpha__vk_record(vk, d->pipe, d->bufs, d->push, d->push_size, d->groups);
    }
    return r;
}

/* records one dispatch into the current command buffer: descriptor set, barrier after the
   previous dispatch, bind, push constants, dispatch (timed when profiling) */
static alpha_result alpha__vk_record(alpha_vk *vk, alpha_vk_pipeline *pipe, alpha_vk_buffer *const *buffers,
                                     const void *push, uint32_t push_size, const uint32_t groups[3]) {
    VkDescriptorBufferInfo info[ALPHA__VK_MAX_BINDINGS];
    VkWriteDescriptorSet w[ALPHA__VK_MAX_BINDINGS];
    VkBufferMemoryBarrier bm[ALPHA__VK_MAX_BINDINGS];
    VkDescriptorSet set;
    alpha_result r;
    uint32_t i;
    r = alpha__vk_alloc_set(vk, pipe->set_layout, &set);
    if (r != ALPHA_OK) return r;
    if (!vk->recording) {
        VkCommandBufferBeginInfo bi;
        VkResult vr;
        memset(&bi, 0, sizeof bi);
        bi.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
        bi.flags = vk->capture ? 0 : VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
        vr = vk->t.vkBeginCommandBuffer(vk->cmd, &bi);
        if (vr != VK_SUCCESS) return alpha__vk_check(vk, vr, "alpha_vk_dispatch: vkBeginCommandBuffer");
        alpha__vk_global_barrier(vk, vk->cmd, VK_PIPELINE_STAGE_TRANSFER_BIT | VK_PIPELINE_STAGE_HOST_BIT,
                                 VK_ACCESS_TRANSFER_WRITE_BIT | VK_ACCESS_HOST_WRITE_BIT, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                                 VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
        if (vk->prof_pool && !vk->capture) vk->t.vkCmdResetQueryPool(vk->cmd, vk->prof_pool, 0, 2 * vk->prof_cap);
        vk->recording = 1;
        vk->n_prev = 0;
        vk->prev_unbound = 0;
    }
    for (i = 0; i < pipe->n_buffers; i++) {
        alpha_vk_buffer *b = buffers[i];
        info[i].buffer = vk->slabs[b->slab].buffer;
        info[i].offset = b->offset;
        info[i].range = ((VkDeviceSize)b->size + 3) & ~(VkDeviceSize)3;
        memset(&w[i], 0, sizeof w[i]);
        w[i].sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET;
        w[i].dstSet = set;
        w[i].dstBinding = i;
        w[i].descriptorCount = 1;
        w[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
        w[i].pBufferInfo = &info[i];
    }
    if (pipe->n_buffers) vk->t.vkUpdateDescriptorSets(vk->device, pipe->n_buffers, w, 0, NULL);
    if (vk->n_prev) {
        for (i = 0; i < vk->n_prev; i++) {
            alpha_vk_buffer *b = vk->prev[i];
            memset(&bm[i], 0, sizeof bm[i]);
            bm[i].sType = VK_STRUCTURE_TYPE_BUFFER_MEMORY_BARRIER;
            bm[i].srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_SHADER_READ_BIT;
            bm[i].dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT;
            bm[i].srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
            bm[i].dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
            bm[i].buffer = vk->slabs[b->slab].buffer;
            bm[i].offset = b->offset;
            bm[i].size = b->alloc_size;
        }
        vk->t.vkCmdPipelineBarrier(vk->cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, 0,
                                   0, NULL, vk->n_prev, bm, 0, NULL);
    }
    if (vk->prev_unbound)   /* the last dispatch reached memory through device addresses: order against all of it */
        alpha__vk_global_barrier(vk, vk->cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_SHADER_READ_BIT,
                                 VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
    vk->t.vkCmdBindPipeline(vk->cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pipe->pipeline);
    vk->t.vkCmdBindDescriptorSets(vk->cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pipe->layout, 0, 1, &set, 0, NULL);
    if (push_size) vk->t.vkCmdPushConstants(vk->cmd, pipe->layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, push_size, push);
    if (vk->prof_pool && !vk->capture && vk->prof_n < vk->prof_cap) {
        vk->prof_pipe[vk->prof_n] = pipe;
        /* the start once earlier work is done (a top-of-pipe stamp may be written before the
           barrier above releases, charging the previous dispatch's tail to this one) */
        vk->t.vkCmdWriteTimestamp(vk->cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, vk->prof_pool, 2 * vk->prof_n);
        vk->t.vkCmdDispatch(vk->cmd, groups[0], groups[1], groups[2]);
        vk->t.vkCmdWriteTimestamp(vk->cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, vk->prof_pool, 2 * vk->prof_n + 1);
        vk->prof_n++;
    } else {
        if (vk->prof_pool && !vk->capture) vk->prof_untimed++;
        vk->t.vkCmdDispatch(vk->cmd, groups[0], groups[1], groups[2]);
    }
    for (i = 0; i < pipe->n_buffers; i++) vk->prev[i] = buffers[i];
    vk->n_prev = pipe->n_buffers;
    vk->prev_unbound = pipe->n_buffers == 0;
    if (vk->capture) vk->capture->dispatches++;
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_vk_dispatch(alpha_vk *vk, alpha_vk_pipeline *pipe, alpha_vk_buffer *const *buffers,
                                         const void *push, uint32_t push_size, const uint32_t groups[3]) {
    alpha_result r;
    uint32_t i;
    if (!vk) return ALPHA_ERR_INVALID;
    if (!vk->device) return alpha__vk_fail(vk, ALPHA_ERR_STATE, "alpha_vk_dispatch: the runtime was not created successfully");
    if (!pipe || !groups) return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_dispatch: %s is NULL", pipe ? "groups" : "pipe");
    if (push_size != pipe->push_size || (push_size && !push))
        return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_dispatch: push_size %u (push %s), the pipeline has %u bytes of push constants",
                              push_size, push ? "given" : "NULL", pipe->push_size);
    if (pipe->n_buffers && !buffers)
        return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_dispatch: buffers is NULL, the pipeline binds %u", pipe->n_buffers);
    for (i = 0; i < pipe->n_buffers; i++) {
        alpha_vk_buffer *b = buffers[i];
        if (!b || b->index >= vk->n_buffers || vk->buffers[b->index] != b)
            return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_dispatch: buffers[%u] is not a live buffer of this runtime", i);
        if ((uint64_t)b->size > vk->info.max_storage_buffer_range)
            return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_dispatch: buffers[%u] (%llu bytes) is past maxStorageBufferRange: "
                                  "read it through its device address (alpha_vk_buffer_address)", i, (unsigned long long)b->size);
    }
    for (i = 0; i < 3; i++)
        if (groups[i] > vk->info.max_workgroup_count[i])
            return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_dispatch: groups[%u] = %u exceeds the device's maximum %u",
                                  i, groups[i], vk->info.max_workgroup_count[i]);
    if (!groups[0] || !groups[1] || !groups[2]) return ALPHA_OK;
    if (vk->lost) return alpha__vk_fail(vk, ALPHA_ERR_DEVICE, "alpha_vk_dispatch: the device was lost earlier");
    if (pipe->failed) return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_dispatch: pipeline %s did not compile", pipe->name);
    if ((vk->n_deferred || pipe->pending) && push_size > ALPHA__VK_MAX_PUSH) {   /* too large to hold back: compile and record now */
        if ((r = alpha__vk_flush(vk)) != ALPHA_OK) return r;
        if (pipe->pending && (r = alpha__vk_compile_pending(vk)) != ALPHA_OK) return r;
    }
    if (pipe->pending || vk->n_deferred) {   /* held back (in order) until the pending pipelines are compiled */
        alpha__vk_deferred *d;
        if (!alpha__vk_grow(&vk->allocator, (void **)&vk->deferred, &vk->cap_deferred, vk->n_deferred + 1, sizeof *vk->deferred))
            return alpha__vk_fail(vk, ALPHA_ERR_OOM, "alpha_vk_dispatch: out of host memory");
        d = &vk->deferred[vk->n_deferred++];
        d->pipe = pipe;
        for (i = 0; i < pipe->n_buffers; i++) d->bufs[i] = buffers[i];
        if (push_size) memcpy(d->push, push, push_size);
        d->push_size = push_size;
        memcpy(d->groups, groups, sizeof d->groups);
        return ALPHA_OK;
    }
    return alpha__vk_record(vk, pipe, buffers, push, push_size, groups);
}

/* ---- step capture ---- */
static void alpha__vk_destroy_pools(alpha_vk *vk, VkDescriptorPool *pools, uint32_t n) {
    uint32_t i;
    for (i = 0; i < n; i++) vk->t.vkDestroyDescriptorPool(vk->device, pools[i], NULL);
    alpha__vk_free(&vk->allocator, pools);
}

ALPHA_API alpha_result alpha_vk_capture_begin(alpha_vk *vk) {
    VkCommandBufferAllocateInfo cbi;
    alpha_vk_capture *cap;
    VkResult vr;
    alpha_result r;
    if (!vk) return ALPHA_ERR_INVALID;
    if (!vk->device) return alpha__vk_fail(vk, ALPHA_ERR_STATE, "alpha_vk_capture_begin: the runtime was not created successfully");
    if (vk->capture) return alpha__vk_fail(vk, ALPHA_ERR_STATE, "alpha_vk_capture_begin: a capture is already being recorded");
    if ((r = alpha_vk_submit_and_wait(vk)) != ALPHA_OK) return r;
    cap = (alpha_vk_capture *)alpha__vk_alloc(&vk->allocator, sizeof *cap);
    if (!cap) return alpha__vk_fail(vk, ALPHA_ERR_OOM, "alpha_vk_capture_begin: out of host memory");
    memset(cap, 0, sizeof *cap);
    memset(&cbi, 0, sizeof cbi);
    cbi.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO;
    cbi.commandPool = vk->cmd_pool;
    cbi.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    cbi.commandBufferCount = 1;
    vr = vk->t.vkAllocateCommandBuffers(vk->device, &cbi, &cap->cmd);
    if (vr != VK_SUCCESS) {
        alpha__vk_free(&vk->allocator, cap);
        return alpha__vk_check(vk, vr, "alpha_vk_capture_begin: vkAllocateCommandBuffers");
    }
    /* park the one-shot stream; dispatches now record into cap with fresh descriptor pools */
    cap->saved_cmd = vk->cmd; cap->saved_dpools = vk->dpools;
    cap->saved_n_dpools = vk->n_dpools; cap->saved_cap_dpools = vk->cap_dpools; cap->saved_cur_dpool = vk->cur_dpool;
    vk->cmd = cap->cmd; vk->dpools = NULL; vk->n_dpools = vk->cap_dpools = vk->cur_dpool = 0;
    vk->recording = 0; vk->n_prev = 0; vk->prev_unbound = 0;
    vk->capture = cap;
    cap->next = vk->captures;
    vk->captures = cap;
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_vk_capture_end(alpha_vk *vk, alpha_vk_capture **out) {
    alpha_vk_capture *cap;
    VkResult vr = VK_SUCCESS;
    alpha_result r;
    if (!vk || !out) return ALPHA_ERR_INVALID;
    *out = NULL;
    if (!(cap = vk->capture)) return alpha__vk_fail(vk, ALPHA_ERR_STATE, "alpha_vk_capture_end: no capture is being recorded");
    if ((r = alpha__vk_flush(vk)) != ALPHA_OK) vk->recording = 0;   /* (ends the capture below, then fails) */
    if (vk->recording) {   /* the same closing barrier as a one-shot submit: results are visible to transfers and the host */
        alpha__vk_global_barrier(vk, vk->cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
                                 VK_PIPELINE_STAGE_TRANSFER_BIT | VK_PIPELINE_STAGE_HOST_BIT,
                                 VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT | VK_ACCESS_HOST_READ_BIT);
        vr = vk->t.vkEndCommandBuffer(vk->cmd);
        cap->recorded = 1;
    }
    cap->dpools = vk->dpools; cap->n_dpools = vk->n_dpools; cap->cap_dpools = vk->cap_dpools;
    vk->cmd = cap->saved_cmd; vk->dpools = cap->saved_dpools;
    vk->n_dpools = cap->saved_n_dpools; vk->cap_dpools = cap->saved_cap_dpools; vk->cur_dpool = cap->saved_cur_dpool;
    vk->recording = 0; vk->n_prev = 0; vk->prev_unbound = 0;
    vk->capture = NULL;
    if (vr != VK_SUCCESS || r != ALPHA_OK) {
        alpha_vk_capture_free(vk, cap);
        return r != ALPHA_OK ? r : alpha__vk_check(vk, vr, "alpha_vk_capture_end: vkEndCommandBuffer");
    }
    *out = cap;
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_vk_replay(alpha_vk *vk, alpha_vk_capture *cap) {
    alpha_result r;
    if (!vk || !cap) return ALPHA_ERR_INVALID;
    if ((r = alpha_vk_submit_and_wait(vk)) != ALPHA_OK) return r;   /* work recorded before runs first */
    return cap->recorded ? alpha__vk_submit(vk, cap->cmd, "alpha_vk_replay") : ALPHA_OK;
}

ALPHA_API uint32_t alpha_vk_capture_dispatches(const alpha_vk_capture *cap) { return cap ? cap->dispatches : 0; }

ALPHA_API void alpha_vk_capture_free(alpha_vk *vk, alpha_vk_capture *cap) {
    alpha_vk_capture **link;
    if (!vk || !cap) return;
    if (cap == vk->capture) {   /* still recording: end it first so the runtime gets its stream back */
        alpha_vk_capture *ended;
        if (alpha_vk_capture_end(vk, &ended) != ALPHA_OK) return;   /* alpha_vk_capture_end freed it */
    }
    for (link = &vk->captures; *link && *link != cap; link = &(*link)->next) {}
    if (!*link) { alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_capture_free: %p is not a live capture of this runtime", (void *)cap); return; }
    *link = cap->next;
    if (!vk->lost) alpha__vk_queue_idle(vk);   /* a replay may still read its descriptor sets */
    vk->t.vkFreeCommandBuffers(vk->device, vk->cmd_pool, 1, &cap->cmd);
    alpha__vk_destroy_pools(vk, cap->dpools, cap->n_dpools);
    alpha__vk_free(&vk->allocator, cap);
}

/* Finishes a generated module (made with result r) into a pipeline described by pd (all but its
   words), reporting `what` on failure; destroys the module either way. */
static alpha_result alpha__vk_pipeline_from_module(alpha_vk *vk, alpha_spirv_module *m, alpha_result r, alpha_vk_pipeline_desc *pd,
                                                   const char *what, int defer, alpha_vk_pipeline **out) {
    const uint32_t *words;
    size_t n_words;
    if (r == ALPHA_OK) r = alpha_spirv_module_finish(m, &words, &n_words);
    if (r != ALPHA_OK) {
        r = alpha__vk_fail(vk, r, "%s failed: %s", what, m ? alpha_spirv_module_last_error(m) : alpha_result_str(r));
        alpha_spirv_module_destroy(m);
        return r;
    }
    pd->words = words;
    pd->n_words = n_words;
    r = alpha__vk_pipeline_make(vk, pd, defer, out);
    alpha_spirv_module_destroy(m);
    return r;
}

/* ---- built-in kernels on the runtime ---- */
#define ALPHA__VK_KERNEL_KEY 0xA1FA0000000000ull
ALPHA_API alpha_result alpha_vk_kernel_pipeline(alpha_vk *vk, alpha_vk_kernel kernel, alpha_vk_pipeline **out) {
    static const uint32_t n_buffers[ALPHA_VK_KERNEL_COUNT] = {3, 2, 2, 2, 3};
    static const uint32_t push_size[ALPHA_VK_KERNEL_COUNT] = {4, 8, 4, 8, 12};
    alpha_spirv_module *m = NULL;
    alpha_vk_pipeline_desc pd;
    alpha_result r;
    char what[96], name[32];
    if (out) *out = NULL;
    if (!vk) return ALPHA_ERR_INVALID;
    if (!out || (int)kernel < 0 || (int)kernel >= ALPHA_VK_KERNEL_COUNT)
        return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_kernel_pipeline: %s", out ? "unknown kernel" : "out is NULL");
    if ((*out = alpha_vk_pipeline_find(vk, ALPHA__VK_KERNEL_KEY + (uint64_t)kernel)) != NULL) return ALPHA_OK;
    r = alpha_vk_kernel_module(kernel, NULL, &m);
    memset(&pd, 0, sizeof pd);
    pd.n_buffers = n_buffers[kernel];
    pd.push_size = push_size[kernel];
    alpha__vk_kernel_local(kernel, pd.local_size);
    pd.key = ALPHA__VK_KERNEL_KEY + (uint64_t)kernel;
    snprintf(name, sizeof name, "kernel_%s", alpha_vk_kernel_name(kernel));
    pd.name = name;
    snprintf(what, sizeof what, "alpha_vk_kernel_pipeline: generating kernel %s", alpha_vk_kernel_name(kernel));
    return alpha__vk_pipeline_from_module(vk, m, r, &pd, what, 0, out);
}

/* checks that each buffer holds at least the given number of f32 */
static alpha_result alpha__vk_check_sizes(alpha_vk *vk, const char *fn, int n, alpha_vk_buffer *const *bufs, const uint64_t *elems,
                                          const char *const *names) {
    int i;
    for (i = 0; i < n; i++) {
        if (!bufs[i]) return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "%s: %s is NULL", fn, names[i]);
        if ((uint64_t)bufs[i]->size < elems[i] * 4u)
            return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "%s: %s has %llu bytes, %llu floats (%llu bytes) are needed", fn, names[i],
                                  (unsigned long long)bufs[i]->size, (unsigned long long)elems[i], (unsigned long long)(elems[i] * 4u));
    }
    return ALPHA_OK;
}
static alpha_result alpha__vk_run(alpha_vk *vk, alpha_vk_kernel kernel, alpha_vk_buffer *const *bufs, const uint32_t *push,
                                  uint32_t push_size, uint32_t gx, uint32_t gy) {
    alpha_vk_pipeline *p;
    uint32_t groups[3];
    alpha_result r = alpha_vk_kernel_pipeline(vk, kernel, &p);
    if (r != ALPHA_OK) return r;
    groups[0] = gx; groups[1] = gy; groups[2] = 1;
    return alpha_vk_dispatch(vk, p, bufs, push, push_size, groups);
}

/* workgroups for n elements, 64 per group: (g, 1) or, beyond the device's x limit, a 2D grid */
static void alpha__vk_grid(const alpha_vk *vk, uint32_t n, uint32_t *gx, uint32_t *gy) {
    uint32_t g = (uint32_t)(((uint64_t)n + 63) / 64), mx = vk->info.max_workgroup_count[0];
    if (mx == 0) mx = 65535;
    if (g <= mx) { *gx = g; *gy = n ? 1u : 0u; return; }
    *gx = mx;
    *gy = (g + mx - 1) / mx;
}

ALPHA_API alpha_result alpha_vk_add(alpha_vk *vk, alpha_vk_buffer *a, alpha_vk_buffer *b, alpha_vk_buffer *y, uint32_t n) {
    static const char *const names[3] = {"a", "b", "y"};
    alpha_vk_buffer *bufs[3];
    uint64_t el[3];
    uint32_t gx, gy;
    alpha_result r;
    if (!vk) return ALPHA_ERR_INVALID;
    bufs[0] = a; bufs[1] = b; bufs[2] = y; el[0] = el[1] = el[2] = n;
    if ((r = alpha__vk_check_sizes(vk, "alpha_vk_add", 3, bufs, el, names)) != ALPHA_OK) return r;
    alpha__vk_grid(vk, n, &gx, &gy);
    return alpha__vk_run(vk, ALPHA_VK_KERNEL_ADD, bufs, &n, 4, gx, gy);
}
ALPHA_API alpha_result alpha_vk_scale(alpha_vk *vk, alpha_vk_buffer *x, alpha_vk_buffer *y, float s, uint32_t n) {
    static const char *const names[2] = {"x", "y"};
    alpha_vk_buffer *bufs[2];
    uint64_t el[2];
    uint32_t pc[2], gx, gy;
    alpha_result r;
    if (!vk) return ALPHA_ERR_INVALID;
    bufs[0] = x; bufs[1] = y; el[0] = el[1] = n;
    if ((r = alpha__vk_check_sizes(vk, "alpha_vk_scale", 2, bufs, el, names)) != ALPHA_OK) return r;
    pc[0] = n;
    memcpy(&pc[1], &s, 4);
    alpha__vk_grid(vk, n, &gx, &gy);
    return alpha__vk_run(vk, ALPHA_VK_KERNEL_SCALE, bufs, pc, 8, gx, gy);
}
ALPHA_API alpha_result alpha_vk_gelu(alpha_vk *vk, alpha_vk_buffer *x, alpha_vk_buffer *y, uint32_t n) {
    static const char *const names[2] = {"x", "y"};
    alpha_vk_buffer *bufs[2];
    uint64_t el[2];
    uint32_t gx, gy;
    alpha_result r;
    if (!vk) return ALPHA_ERR_INVALID;
    bufs[0] = x; bufs[1] = y; el[0] = el[1] = n;
    if ((r = alpha__vk_check_sizes(vk, "alpha_vk_gelu", 2, bufs, el, names)) != ALPHA_OK) return r;
    alpha__vk_grid(vk, n, &gx, &gy);
    return alpha__vk_run(vk, ALPHA_VK_KERNEL_GELU, bufs, &n, 4, gx, gy);
}
ALPHA_API alpha_result alpha_vk_softmax(alpha_vk *vk, alpha_vk_buffer *x, alpha_vk_buffer *y, uint32_t rows, uint32_t cols) {
    static const char *const names[2] = {"x", "y"};
    alpha_vk_buffer *bufs[2];
    uint64_t el[2];
    uint32_t pc[2];
    alpha_result r;
    if (!vk) return ALPHA_ERR_INVALID;
    bufs[0] = x; bufs[1] = y; el[0] = el[1] = (uint64_t)rows * cols;
    if (el[0] > UINT32_MAX) return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_softmax: rows %u x cols %u exceeds 2^32 elements", rows, cols);
    if ((r = alpha__vk_check_sizes(vk, "alpha_vk_softmax", 2, bufs, el, names)) != ALPHA_OK) return r;
    pc[0] = rows; pc[1] = cols;
    return alpha__vk_run(vk, ALPHA_VK_KERNEL_SOFTMAX, bufs, pc, 8, (uint32_t)(((uint64_t)rows + 63) / 64), cols ? 1u : 0u);
}
ALPHA_API alpha_result alpha_vk_matmul(alpha_vk *vk, alpha_vk_buffer *a, alpha_vk_buffer *b, alpha_vk_buffer *c,
                                       uint32_t m, uint32_t n, uint32_t k) {
    static const char *const names[3] = {"a", "b", "c"};
    alpha_vk_buffer *bufs[3];
    uint64_t el[3];
    uint32_t pc[3];
    alpha_result r;
    if (!vk) return ALPHA_ERR_INVALID;
    bufs[0] = a; bufs[1] = b; bufs[2] = c;
    el[0] = (uint64_t)m * k; el[1] = (uint64_t)k * n; el[2] = (uint64_t)m * n;
    if (el[0] > UINT32_MAX || el[1] > UINT32_MAX || el[2] > UINT32_MAX)
        return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_matmul: m %u, n %u, k %u: an operand exceeds 2^32 elements", m, n, k);
    if ((r = alpha__vk_check_sizes(vk, "alpha_vk_matmul", 3, bufs, el, names)) != ALPHA_OK) return r;
    pc[0] = m; pc[1] = n; pc[2] = k;
    return alpha__vk_run(vk, ALPHA_VK_KERNEL_MATMUL, bufs, pc, 12, (n + 7) / 8, (m + 7) / 8);
}

/* ======================================================================== TENSOR BACKEND */
/* alpha_tensor.h nodes run as dispatches over one arena buffer (binding 0, seen as u32 words;
   f32 values are bitcast). Every kernel gets element offsets, sizes and strides as push
   constants, so one pipeline per (kind, op) serves every tensor. Kinds:
   EW      out[i] = f(a[i], b[i]) over up to ALPHA__VKT_MAXD merged dims, each operand with its
           own strides (0 = broadcast); fill and copy are EW ops too. Push words: n, off_o,
           off_a, off_b, f0, f1, 0, then per dim (outermost first) shape, st_o, st_a, st_b.
   SOFTMAX one invocation per row of a contiguous [outer, L, inner]: rows, L, inner, off_x, off_y,
           off_g (the upstream gradient of the two backward ops).
   MATMUL  128x128 output tiles per 16x16 workgroup (8x8 per invocation), batch in z: M, N, K, off_a, off_b, off_c,
           sa_m, sa_k, sb_k, sb_n, k chunk of a split product (0: none; chunk in z), then 4
           batch dims: shape, st_a, st_b, then off_bias (variant ALPHA__VKT_MC_BIAS: C[., n] + bias[n])
           and off_h (ALPHA__VKT_MC_GELU_GRAD: C * gelu'(h), h of C's layout).
   MMC     the cooperative-matrix matmul (ALPHA_VK_MATMUL_BF16/F16): MATMUL's words; 128x128
           tiles per 256-invocation workgroup.
   REDUCE  one invocation per output: n_out, count, off_x, off_y, 4 kept dims (shape, stride),
           4 reduced dims (shape, stride).
   ADAMW   in place over contiguous p, g, m, v: n, off_p, off_g, off_m, off_v, off_sched (lr,
           1/(1-beta1^t), 1/(1-beta2^t) read at run time), off_sumsq, has_sumsq, beta1, beta2,
           eps, wd, grad_scale, clip_norm (floats as bits).
   UBW     unary backward (one pipeline per unary op) over contiguous x, y, g: n, off_gx, off_x,
           off_y, off_g, f0, f1.
   EMB     embedding: n (= tokens * C), C, off_idx, off_w, off_y.
   LN      layernorm, a workgroup per row (ALPHA__VKT_ROW_WG): rows, C, off_x, off_y, off_w, off_b, off_mean,
           off_rstd, eps, flags (1: weight, 2: bias).
   ADDLN   add_layernorm: LN's words with off_x the sum s, then off_a, off_r: the first loop
           writes s = a + r as it sums it, the rest is LN's.
   WHERE   EW with 4 operands (out, cond, a, b) over ALPHA__VKT_WD dims: n, off_o, off_c, off_a,
           off_b, cond_is_i32, 0, then per dim shape, st_o, st_c, st_a, st_b. (CAST is an EW op:
           words 4, 5 = source and destination alpha_dtype; 16-bit operands' offsets and
           strides count 16-bit halves of the words.)
   DROP    dropout: n, off_x, off_y, seed lo/hi, counter offset lo/hi, p, 1/(1-p).
   SUMSQ   workgroups of n (64..1024, the device's): G n, count, off_x, off_y, chunk, square:
           workgroup w's n strided compensated f32 sums of x[w chunk, ...) (squared), added in
           order into y[w]. Large inputs: G workgroups into partial sums, then one adds them.
   CE      cross-entropy, a workgroup per row: N, V, off_x, off_t, off_a, off_b, ignore,
           off_gloss, flags; op MEAN: one workgroup for the mean of the row losses.
   LNB     layernorm backward: a workgroup per row (gx), then op SUM per (block, channel) for the
           [ALPHA__LN_BLOCKS, C] partial sums of gw/gb: rows, C, off_x, off_w, off_mean,
           off_rstd, off_g, off_gx, off_pw, off_pb, flags (1 w, 2 pw, 4 pb), rows.
   EMBB    embedding backward in three dispatches (zero, link the positions of each index,
           sum along the links): count, n, V, off_idx, off_g, off_y, off_link, C.
   SCAT    scatter_add_last, one invocation per row: R, k, L, off_idx, off_g, off_y.
   TOPK    one invocation per row: rows, L, k, off_x, off_vals, off_idx.
   WREDUCE SUM/MEAN of long reductions (bias gradients: thousands of rows into one value), one
           workgroup of 64 per output: invocation l sums elements l, l+64, ... in order, then
           invocation 0 adds the 64 partial sums in order. Words as REDUCE, with n_out * 64 first.
   ATTN    fused causal attention, one invocation per query row (op ATTENTION: online softmax
           forward, saving the log-sum-exp; op ATTENTION_BACKWARD: gq and delta = rowsum(go o));
           ATTNKV: one invocation per key row (gk and gv side by side); both two per row with
           ALPHA__VKT_ATTN_PAIR (alpha__vkt_attn_dispatch). Words: rows, H, T, S, D,
           scale, then off and (b, h, t) strides of q, k, v, then off_o, off_lse, off_go,
           off_out, off_delta. The CPU's alpha__attn_* step for step. FA, FAKV: the tiled
           kernels of the same ops (alpha__vkt_gen_flash), same words. */
#include <float.h>
#include <math.h>
#define ALPHA__VKT_MAXD 8u
#define ALPHA__VKT_MMB 4u
#define ALPHA__VKT_RD 4u
#define ALPHA__VKT_RED_ACC 1u   /* REDUCE, WREDUCE variant (SUM): out += the sum (ALPHA_NODE_ACCUMULATE) */
#define ALPHA__VKT_RED_ONE 2u   /* REDUCE variant (SUM, MEAN): one reduced dim, the innermost (alpha__vkt_red_one) */
#define ALPHA__VKT_EMBB_ACC 1u  /* EMBB variant: y += the rows' sums (ALPHA_NODE_ACCUMULATE) */
#define ALPHA__VKT_UBW_VEC4 1u  /* UBW variant: 4 elements per invocation (n and every offset multiples of 4) */
#define ALPHA__VKT_KEY 0xA1FB000000000000ull
enum { ALPHA__VKT_EW = 1, ALPHA__VKT_SOFTMAX = 2, ALPHA__VKT_MATMUL = 3, ALPHA__VKT_REDUCE = 4, ALPHA__VKT_ADAMW = 5,
       ALPHA__VKT_UBW = 6, ALPHA__VKT_EMB = 7, ALPHA__VKT_LN = 8, ALPHA__VKT_WHERE = 9, ALPHA__VKT_DROP = 10,
       ALPHA__VKT_SUMSQ = 11, ALPHA__VKT_CE = 12, ALPHA__VKT_LNB = 13, ALPHA__VKT_EMBB = 14, ALPHA__VKT_SCAT = 15,
       ALPHA__VKT_TOPK = 16, ALPHA__VKT_ATTN = 17, ALPHA__VKT_ATTNKV = 18, ALPHA__VKT_WREDUCE = 19, ALPHA__VKT_ADDLN = 20,
       ALPHA__VKT_MMC = 21, ALPHA__VKT_FA = 22, ALPHA__VKT_FAKV = 23, ALPHA__VKT_PACK = 24 };
#define ALPHA__VKT_WD 4u       /* dims of the WHERE kernel (4 operands: 5 push words per dim) */
#define ALPHA__VKT_EW_VEC4 0x10u       /* EW variant bit (with 1 dim): contiguous operands, 16-byte accesses */
#define ALPHA__VKT_ATTN_VEC4 0x1000u   /* attention variant bits: 16-byte row loads (alpha__vkt_attn_variant), */
#define ALPHA__VKT_ATTN_PAIR 0x2000u   /* the key-row kernel with two invocations per row (half of D each); */
#define ALPHA__VKT_ATTN_D 0xFFFu       /* the rest is the head size */
#define ALPHA__VKT_LN_BLOCKS 32u   /* ALPHA__LN_BLOCKS of alpha_tensor.h: layernorm backward partial-sum rows */

/* a 16-bit operand copy kept for the next product (alpha__vkt's copies) */
struct alpha__vkt_copy { uint32_t key[7 + 2 * ALPHA__VKT_MMB]; uint64_t at, bytes, lo, hi; };
#define ALPHA__VKT_KEPT 128   /* kept 16-bit copies at once (GPT-2's forward: 4 products x 2 a layer, 12 layers, the LM head) */
typedef struct alpha__vkt {
    alpha_vk *vk;
    alpha_vk_buffer *arena;
    size_t size, top;
    size_t peak;               /* the most bytes in use at once (alpha_vk_backend_peak) */
    uint32_t ew_dims;          /* dims the EW kernel takes (from the push-constant budget) */
    uint32_t sumsq_threads;    /* workgroup size of the sum of squares: the device's largest power of two <= 1024 */
    int bda;                   /* kernels reach the arena through its device address (no 4 GiB binding limit) */
    uint64_t addr;             /* the arena's device address */
    char name[300];            /* the alpha_backend name: "vulkan:<device name>" */
    /* the 16-bit operand copies of the last cooperative-matrix product (alpha__vkt_mc_pack), for
       the next product if it comes straight after: a backward's dx = gy w^T and dw = x^T gy
       copy gy alike, PACK keeping each operand's layout. key: alpha__vkt_pack's arguments; at,
       bytes: where the copy is; [lo, hi): the words it was made from. n_copies 0: none (every
       other node, upload, reset or capture boundary forgets them). */
    struct alpha__vkt_copy copies[2];
    int n_copies;
    /* kept copies: those a training forward's products made (the context records a tape and an
       operand needs a gradient), allocated at the arena's top like the step's tensors, so the
       backward's products find them: dx = gy w^T reads w's copy, dw = x^T gy x's (the same
       layouts). Forgotten when a node may write their source, at a reset, upload or capture. */
    struct alpha__vkt_copy kept[ALPHA__VKT_KEPT];
    int n_kept;
    int keep_copies;           /* the node being run is a training forward's (alpha__vkt_exec) */
} alpha__vkt;

static uint32_t alpha__vkt_push_words(int kind, uint32_t dims) {
    switch (kind) {
    case ALPHA__VKT_EW: return 7u + 4u * (dims & 0xFu);   /* dims: 1, 2, 4 or 8, ALPHA__VKT_EW_VEC4 aside */
    case ALPHA__VKT_SOFTMAX: return 6u;
    case ALPHA__VKT_ADAMW: return 14u;
    case ALPHA__VKT_UBW: return 7u;
    case ALPHA__VKT_EMB: return 5u;
    case ALPHA__VKT_LN: return 10u;
    case ALPHA__VKT_ADDLN: return 12u;
    case ALPHA__VKT_WHERE: return 7u + 5u * ALPHA__VKT_WD;
    case ALPHA__VKT_DROP: return 9u;
    case ALPHA__VKT_SUMSQ: return 6u;
    case ALPHA__VKT_CE: return 9u;
    case ALPHA__VKT_LNB: return 12u;
    case ALPHA__VKT_EMBB: return 8u;
    case ALPHA__VKT_SCAT: case ALPHA__VKT_TOPK: return 6u;
    case ALPHA__VKT_ATTN: case ALPHA__VKT_ATTNKV: case ALPHA__VKT_FA: case ALPHA__VKT_FAKV: return 23u;
    case ALPHA__VKT_WREDUCE: return 4u + 4u * ALPHA__VKT_RD;
    case ALPHA__VKT_MATMUL: case ALPHA__VKT_MMC: return 13u + 3u * ALPHA__VKT_MMB;
    case ALPHA__VKT_PACK: return 8u + 2u * ALPHA__VKT_MMB;
    default: return 4u + 4u * ALPHA__VKT_RD;
    }
}

/* SPIR-V helpers: f32 loads and stores through the u32 arena */
/* bda: the arena is a PhysicalStorageBuffer pointer in push-constant member 0 (the u32 words
   follow), else storage buffer binding 0 (buf) */
typedef struct alpha__vkt_gen {
    alpha_spirv_module *m;
    uint32_t u32, f32, boolt, buf, pc, pc0, u64, ptr_u32;
    int bda;
    int vec4;   /* alpha__vkt_load_row may load 16 bytes at a time (the attention kernels' ALPHA__VKT_ATTN_VEC4) */
} alpha__vkt_gen;
static uint32_t alpha__vkt_pc(alpha__vkt_gen *g, uint32_t i) { return alpha_spirv_load_member(g->m, g->pc, i + g->pc0); }
/* a pointer to u32 word idx of the arena. Through the device address the byte offset is computed
   in 64 bits (base + 4 idx, then OpConvertUToPtr): an access chain's index arithmetic may be done
   in the index's 32 bits (NVIDIA's is: every word past 4 GiB came out wrong). */
static uint32_t alpha__vkt_addr_ptr(alpha__vkt_gen *g, uint32_t ptr_type, uint32_t idx) {
    alpha_spirv_module *m = g->m;
    uint32_t off = alpha_spirv_shl(m, alpha_spirv_cast(m, g->u64, idx), alpha_spirv_const_u32(m, 2));
    uint32_t addr = alpha_spirv_iadd(m, alpha_spirv_load_member(m, g->pc, 0), off);
    return alpha_spirv_op(m, ALPHA_SPIRV_OpConvertUToPtr, ptr_type, 1, &addr);
}
static uint32_t alpha__vkt_ptr(alpha__vkt_gen *g, uint32_t idx) {
    return g->bda ? alpha__vkt_addr_ptr(g, g->ptr_u32, idx) : alpha_spirv_buffer_at(g->m, g->buf, idx);
}
static uint32_t alpha__vkt_pcf(alpha__vkt_gen *g, uint32_t i) { return alpha_spirv_bitcast(g->m, g->f32, alpha__vkt_pc(g, i)); }
static uint32_t alpha__vkt_cu(alpha__vkt_gen *g, uint32_t v) { return alpha_spirv_const_u32(g->m, v); }
static uint32_t alpha__vkt_cf(alpha__vkt_gen *g, float v) { return alpha_spirv_const_f32(g->m, v); }
static uint32_t alpha__vkt_ldu(alpha__vkt_gen *g, uint32_t idx) { return alpha_spirv_load(g->m, alpha__vkt_ptr(g, idx)); }
static uint32_t alpha__vkt_ldf(alpha__vkt_gen *g, uint32_t idx) { return alpha_spirv_bitcast(g->m, g->f32, alpha__vkt_ldu(g, idx)); }
static void alpha__vkt_stu(alpha__vkt_gen *g, uint32_t idx, uint32_t v) { alpha_spirv_store(g->m, alpha__vkt_ptr(g, idx), v); }
static void alpha__vkt_stf(alpha__vkt_gen *g, uint32_t idx, uint32_t v) { alpha__vkt_stu(g, idx, alpha_spirv_bitcast(g->m, g->u32, v)); }
static uint32_t alpha__vkt_isnan(alpha__vkt_gen *g, uint32_t v) { return alpha_spirv_lnot(g->m, alpha_spirv_feq(g->m, v, v)); }
static uint32_t alpha__vkt_glsl1(alpha__vkt_gen *g, uint32_t inst, uint32_t v) { return alpha_spirv_glsl(g->m, inst, 1, v); }
static uint32_t alpha__vkt_bits(alpha__vkt_gen *g, uint32_t bits) { return alpha_spirv_bitcast(g->m, g->f32, alpha__vkt_cu(g, bits)); }

/* powf(x, e): GLSL pow is undefined for x < 0: |x|^e, negated for odd integer e, NaN for other e */
static uint32_t alpha__vkt_gen_pow(alpha__vkt_gen *g, uint32_t x, uint32_t e) {
    alpha_spirv_module *m = g->m;
    uint32_t a = alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450Pow, 2, alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450FAbs, x), e);
    uint32_t isint = alpha_spirv_feq(m, alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Trunc, e), e);
    uint32_t odd = alpha_spirv_feq(m, alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Fract, alpha_spirv_fmul(m, e, alpha__vkt_cf(g, 0.5f))),
                                   alpha__vkt_cf(g, 0.5f));
    uint32_t negv = alpha_spirv_select(m, isint, alpha_spirv_select(m, odd, alpha_spirv_fneg(m, a), a), alpha__vkt_bits(g, 0x7FC00000u));
    return alpha_spirv_select(m, alpha_spirv_flt(m, x, alpha__vkt_cf(g, 0.0f)), negv, a);
}
/* tanh(clamp(v, -15, 15)): tanh(+-15) is +-1 in f32; the clamp keeps exp-based tanh from overflowing */
static uint32_t alpha__vkt_tanh(alpha__vkt_gen *g, uint32_t v) {
    /* tanh to a few ulp: a driver's GLSL Tanh may be far coarser (NVIDIA's is ~100 ulp off near
       |v| = 3, which the 1 - tanh^2 of the backward turns into 1e-3 relative). Below |v| = 0.4 the
       odd Taylor series to v^13 (the rest under 2e-9); above, 1 - 2 / (exp(2|v|) + 1) with v's
       sign, where the division shrinks exp's relative error. Infinities give +-1, NaN stays NaN. */
    static const double c[7] = {1.0, -1.0 / 3, 2.0 / 15, -17.0 / 315, 62.0 / 2835, -1382.0 / 155925, 21844.0 / 6081075};
    alpha_spirv_module *m = g->m;
    uint32_t a = alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450FAbs, v), x2 = alpha_spirv_fmul(m, v, v), p = alpha__vkt_cf(g, (float)c[6]), e, big;
    int i;
    for (i = 5; i >= 0; i--) p = alpha_spirv_fadd(m, alpha_spirv_fmul(m, p, x2), alpha__vkt_cf(g, (float)c[i]));
    e = alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Exp, alpha_spirv_fmul(m, a, alpha__vkt_cf(g, 2.0f)));
    big = alpha_spirv_fsub(m, alpha__vkt_cf(g, 1.0f), alpha_spirv_fdiv(m, alpha__vkt_cf(g, 2.0f), alpha_spirv_fadd(m, e, alpha__vkt_cf(g, 1.0f))));
    big = alpha_spirv_select(m, alpha_spirv_flt(m, v, alpha__vkt_cf(g, 0.0f)), alpha_spirv_fneg(m, big), big);
    return alpha_spirv_select(m, alpha_spirv_flt(m, a, alpha__vkt_cf(g, 0.4f)), alpha_spirv_fmul(m, v, p), big);
}
/* whether op's derivative is read from its output y (else from x, or neither: NEG, SCALE, ADD_SCALAR) */
static int alpha__vkt_dop_reads_y(alpha_op op) {
    return op == ALPHA_OP_EXP || op == ALPHA_OP_SQRT || op == ALPHA_OP_RSQRT || op == ALPHA_OP_TANH || op == ALPHA_OP_SIGMOID;
}
/* d op(x) / dx given x, y = op(x) (alpha__ubw_range and alpha__gelu_grad1 of alpha_tensor.h) */
static uint32_t alpha__vkt_gen_dop(alpha__vkt_gen *g, alpha_op op, uint32_t x, uint32_t y, uint32_t f0, uint32_t f1) {
    alpha_spirv_module *m = g->m;
    uint32_t one = alpha__vkt_cf(g, 1.0f), zero = alpha__vkt_cf(g, 0.0f), s, t;
    switch (op) {
    case ALPHA_OP_NEG: return alpha__vkt_cf(g, -1.0f);
    case ALPHA_OP_SCALE: return f0;
    case ALPHA_OP_EXP: return y;
    case ALPHA_OP_LOG: return alpha_spirv_fdiv(m, one, x);
    case ALPHA_OP_SQRT: return alpha_spirv_fdiv(m, alpha__vkt_cf(g, 0.5f), y);
    case ALPHA_OP_RSQRT: return alpha_spirv_fmul(m, alpha_spirv_fmul(m, alpha_spirv_fmul(m, alpha__vkt_cf(g, -0.5f), y), y), y);
    case ALPHA_OP_POW: return alpha_spirv_fmul(m, f0, alpha__vkt_gen_pow(g, x, alpha_spirv_fsub(m, f0, one)));
    case ALPHA_OP_ABS:
        return alpha_spirv_select(m, alpha_spirv_fgt(m, x, zero), one, alpha_spirv_select(m, alpha_spirv_flt(m, x, zero), alpha__vkt_cf(g, -1.0f), zero));
    case ALPHA_OP_TANH: return alpha_spirv_fsub(m, one, alpha_spirv_fmul(m, y, y));
    case ALPHA_OP_SIGMOID: return alpha_spirv_fmul(m, y, alpha_spirv_fsub(m, one, y));
    case ALPHA_OP_RELU: return alpha_spirv_select(m, alpha_spirv_fgt(m, x, zero), one, zero);
    case ALPHA_OP_SILU:
        s = alpha_spirv_fdiv(m, one, alpha_spirv_fadd(m, one, alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Exp, alpha_spirv_fneg(m, x))));
        return alpha_spirv_fmul(m, s, alpha_spirv_fadd(m, one, alpha_spirv_fmul(m, x, alpha_spirv_fsub(m, one, s))));
    case ALPHA_OP_CLAMP:
        return alpha_spirv_select(m, alpha_spirv_land(m, alpha_spirv_fge(m, x, f0), alpha_spirv_fle(m, x, f1)), one, zero);
    case ALPHA_OP_GELU: {
        /* 0.5 (1 + t) + 0.5 x (1 - t^2) k0 (1 + 3 k1 x^2), t = tanh(k0 (x + k1 x^3)) */
        uint32_t k0 = alpha__vkt_cf(g, 0.7978845608028654f), k1 = alpha__vkt_cf(g, 0.044715f), half = alpha__vkt_cf(g, 0.5f), xx;
        xx = alpha_spirv_fmul(m, x, x);
        t = alpha__vkt_tanh(g, alpha_spirv_fmul(m, k0, alpha_spirv_fadd(m, x, alpha_spirv_fmul(m, k1, alpha_spirv_fmul(m, xx, x)))));
        s = alpha_spirv_fmul(m, alpha_spirv_fmul(m, alpha_spirv_fmul(m, half, x), alpha_spirv_fsub(m, one, alpha_spirv_fmul(m, t, t))),
                             alpha_spirv_fmul(m, k0, alpha_spirv_fadd(m, one, alpha_spirv_fmul(m, alpha_spirv_fmul(m, alpha__vkt_cf(g, 3.0f), k1), xx))));
        return alpha_spirv_fadd(m, alpha_spirv_fmul(m, half, alpha_spirv_fadd(m, one, t)), s);
    }
    default: return one;   /* ADD_SCALAR */
    }
}

/* the value of unary/binary op `op` (alpha__unary1 and alpha__ew_inner of alpha_tensor.h) */
static uint32_t alpha__vkt_gen_op(alpha__vkt_gen *g, alpha_op op, uint32_t x, uint32_t y) {
    alpha_spirv_module *m = g->m;
    uint32_t f0 = 0, f1 = 0, one = alpha__vkt_cf(g, 1.0f), zero = alpha__vkt_cf(g, 0.0f), t;
    if (op == ALPHA_OP_SCALE || op == ALPHA_OP_ADD_SCALAR || op == ALPHA_OP_POW || op == ALPHA_OP_CLAMP) f0 = alpha__vkt_pcf(g, 4);
    if (op == ALPHA_OP_CLAMP) f1 = alpha__vkt_pcf(g, 5);
    switch (op) {
    case ALPHA_OP_NEG: return alpha_spirv_fneg(m, x);
    case ALPHA_OP_SCALE: return alpha_spirv_fmul(m, x, f0);
    case ALPHA_OP_ADD_SCALAR: return alpha_spirv_fadd(m, x, f0);
    case ALPHA_OP_EXP: return alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Exp, x);
    case ALPHA_OP_LOG: return alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Log, x);
    case ALPHA_OP_SQRT: return alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Sqrt, x);
    case ALPHA_OP_RSQRT: return alpha_spirv_fdiv(m, one, alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Sqrt, x));
    case ALPHA_OP_POW: return alpha__vkt_gen_pow(g, x, f0);
    case ALPHA_OP_ABS: return alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450FAbs, x);
    case ALPHA_OP_TANH: return alpha__vkt_tanh(g, x);
    case ALPHA_OP_SIGMOID:
        return alpha_spirv_fdiv(m, one, alpha_spirv_fadd(m, one, alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Exp, alpha_spirv_fneg(m, x))));
    case ALPHA_OP_RELU: return alpha_spirv_select(m, alpha_spirv_fgt(m, x, zero), x, zero);
    case ALPHA_OP_GELU:
        t = alpha_spirv_fmul(m, alpha_spirv_fmul(m, x, x), x);
        t = alpha_spirv_fadd(m, x, alpha_spirv_fmul(m, alpha__vkt_cf(g, 0.044715f), t));
        t = alpha_spirv_fmul(m, alpha__vkt_cf(g, 0.7978845608028654f), t);
        t = alpha_spirv_fadd(m, one, alpha__vkt_tanh(g, t));
        return alpha_spirv_fmul(m, alpha_spirv_fmul(m, alpha__vkt_cf(g, 0.5f), x), t);
    case ALPHA_OP_SILU:
        return alpha_spirv_fdiv(m, x, alpha_spirv_fadd(m, one, alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Exp, alpha_spirv_fneg(m, x))));
    case ALPHA_OP_CLAMP:
        return alpha_spirv_select(m, alpha_spirv_flt(m, x, f0), f0, alpha_spirv_select(m, alpha_spirv_fgt(m, x, f1), f1, x));
    case ALPHA_OP_ADD: return alpha_spirv_fadd(m, x, y);
    case ALPHA_OP_SUB: return alpha_spirv_fsub(m, x, y);
    case ALPHA_OP_MUL: return alpha_spirv_fmul(m, x, y);
    case ALPHA_OP_DIV: return alpha_spirv_fdiv(m, x, y);
    case ALPHA_OP_EQUAL: return alpha_spirv_select(m, alpha_spirv_feq(m, x, y), one, zero);
    default: return x;
    }
}

/* 16-bit floats as f32 bits, integer arithmetic only (no flush of subnormals, no NaN
   quieting of the GPU's own): alpha_f16_to_f32, alpha_f32_to_f16 and alpha_f32_to_bf16 of
   alpha_tensor.h step for step, so that every value rounds as on the CPU. */
static uint32_t alpha__vkt_gen_f16_to_f32(alpha__vkt_gen *g, uint32_t h) {
    alpha_spirv_module *m = g->m;
    uint32_t sign = alpha_spirv_shl(m, alpha_spirv_band(m, h, alpha__vkt_cu(g, 0x8000u)), alpha__vkt_cu(g, 16));
    uint32_t e = alpha_spirv_band(m, alpha_spirv_shr(m, h, alpha__vkt_cu(g, 10)), alpha__vkt_cu(g, 0x1Fu));
    uint32_t mant = alpha_spirv_band(m, h, alpha__vkt_cu(g, 0x3FFu)), m13 = alpha_spirv_shl(m, mant, alpha__vkt_cu(g, 13));
    uint32_t nrm = alpha_spirv_bor(m, alpha_spirv_shl(m, alpha_spirv_iadd(m, e, alpha__vkt_cu(g, 112)), alpha__vkt_cu(g, 23)), m13);
    /* subnormal: k shifts bring the leading 1 to bit 10 (k = 11 for mant 0, which is not used) */
    uint32_t k = alpha_spirv_isub(m, alpha__vkt_cu(g, 10), alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450FindUMsb, mant));
    uint32_t sub = alpha_spirv_bor(m, alpha_spirv_shl(m, alpha_spirv_isub(m, alpha__vkt_cu(g, 113), k), alpha__vkt_cu(g, 23)),
                                   alpha_spirv_shl(m, alpha_spirv_band(m, alpha_spirv_shl(m, mant, k), alpha__vkt_cu(g, 0x3FFu)), alpha__vkt_cu(g, 13)));
    uint32_t r = alpha_spirv_select(m, alpha_spirv_ieq(m, mant, alpha__vkt_cu(g, 0)), alpha__vkt_cu(g, 0), sub);
    r = alpha_spirv_select(m, alpha_spirv_ine(m, e, alpha__vkt_cu(g, 0)), nrm, r);
    r = alpha_spirv_select(m, alpha_spirv_ieq(m, e, alpha__vkt_cu(g, 31)), alpha_spirv_bor(m, alpha__vkt_cu(g, 0x7F800000u), m13), r);
    return alpha_spirv_bor(m, sign, r);
}
static uint32_t alpha__vkt_gen_f32_to_f16(alpha__vkt_gen *g, uint32_t x) {
    alpha_spirv_module *m = g->m;
    uint32_t one = alpha__vkt_cu(g, 1), zero = alpha__vkt_cu(g, 0);
    uint32_t sign = alpha_spirv_band(m, alpha_spirv_shr(m, x, alpha__vkt_cu(g, 16)), alpha__vkt_cu(g, 0x8000u));
    uint32_t e = alpha_spirv_band(m, alpha_spirv_shr(m, x, alpha__vkt_cu(g, 23)), alpha__vkt_cu(g, 0xFFu));
    uint32_t mant = alpha_spirv_band(m, x, alpha__vkt_cu(g, 0x7FFFFFu)), ec, sub, v, sh, r, rest, half, up, res;
    uint32_t nan_inf = alpha_spirv_bor(m, alpha__vkt_cu(g, 0x7C00u),
                                       alpha_spirv_select(m, alpha_spirv_ine(m, mant, zero),
                                                          alpha_spirv_bor(m, alpha__vkt_cu(g, 0x200u), alpha_spirv_shr(m, mant, alpha__vkt_cu(g, 13))), zero));
    /* exponents 102..142 round: normal (113..142) v = (e - 112) << 23 | mant >> 13, subnormal
       (102..112) v = (mant | 1 << 23) >> (126 - e); ec keeps the shift below 32 where unused */
    ec = alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450UMax, 2, e, alpha__vkt_cu(g, 102));
    sub = alpha_spirv_ilt(m, ec, alpha__vkt_cu(g, 113));
    v = alpha_spirv_select(m, sub, alpha_spirv_bor(m, mant, alpha__vkt_cu(g, 0x800000u)),
                           alpha_spirv_bor(m, alpha_spirv_shl(m, alpha_spirv_isub(m, ec, alpha__vkt_cu(g, 112)), alpha__vkt_cu(g, 23)), mant));
    sh = alpha_spirv_select(m, sub, alpha_spirv_isub(m, alpha__vkt_cu(g, 126), ec), alpha__vkt_cu(g, 13));
    r = alpha_spirv_shr(m, v, sh);
    rest = alpha_spirv_band(m, v, alpha_spirv_isub(m, alpha_spirv_shl(m, one, sh), one));
    half = alpha_spirv_shl(m, one, alpha_spirv_isub(m, sh, one));
    up = alpha_spirv_lor(m, alpha_spirv_igt(m, rest, half),
                         alpha_spirv_land(m, alpha_spirv_ieq(m, rest, half), alpha_spirv_ine(m, alpha_spirv_band(m, r, one), zero)));
    r = alpha_spirv_iadd(m, r, alpha_spirv_select(m, up, one, zero));   /* may carry into Inf: correct */
    res = alpha_spirv_select(m, alpha_spirv_ilt(m, e, alpha__vkt_cu(g, 102)), zero, r);
    res = alpha_spirv_select(m, alpha_spirv_ige(m, e, alpha__vkt_cu(g, 143)), alpha__vkt_cu(g, 0x7C00u), res);
    res = alpha_spirv_select(m, alpha_spirv_ieq(m, e, alpha__vkt_cu(g, 255)), nan_inf, res);
    return alpha_spirv_bor(m, sign, res);
}
static uint32_t alpha__vkt_gen_f32_to_bf16(alpha__vkt_gen *g, uint32_t x) {
    alpha_spirv_module *m = g->m;
    uint32_t c16 = alpha__vkt_cu(g, 16), hi = alpha_spirv_shr(m, x, c16);
    uint32_t nan = alpha_spirv_igt(m, alpha_spirv_band(m, x, alpha__vkt_cu(g, 0x7FFFFFFFu)), alpha__vkt_cu(g, 0x7F800000u));
    uint32_t rounded = alpha_spirv_shr(m, alpha_spirv_iadd(m, x, alpha_spirv_iadd(m, alpha__vkt_cu(g, 0x7FFFu),
                                                                                  alpha_spirv_band(m, hi, alpha__vkt_cu(g, 1)))), c16);
    return alpha_spirv_select(m, nan, alpha_spirv_bor(m, hi, alpha__vkt_cu(g, 0x40u)), rounded);
}
/* CAST between any of f32, f16, bf16, i32 (push words 4, 5: source and destination alpha_dtype;
   the offsets of 16-bit operands count halves of the u32 words). The value goes through f32
   bits like the CPU's alpha__load / alpha__store, NaNs made quiet as a conversion does there.
   A 16-bit result is half a word that another invocation may be writing the other half of:
   it goes in with two atomics (clear our half, set our bits), which never touch that half. */
static void alpha__vkt_gen_cast(alpha__vkt_gen *g, uint32_t off_o, uint32_t off_x) {
    alpha_spirv_module *m = g->m;
    uint32_t src = alpha__vkt_pc(g, 4), dst = alpha__vkt_pc(g, 5), one = alpha__vkt_cu(g, 1), c16 = alpha__vkt_cu(g, 16);
    uint32_t ffff = alpha__vkt_cu(g, 0xFFFFu), f16 = alpha__vkt_cu(g, ALPHA_F16), bf16 = alpha__vkt_cu(g, ALPHA_BF16);
    uint32_t i32 = alpha__vkt_cu(g, ALPHA_I32), i32t = alpha_spirv_type_i32(m), w, h, v, f, toi, sh, p;
    uint32_t s16 = alpha_spirv_lor(m, alpha_spirv_ieq(m, src, f16), alpha_spirv_ieq(m, src, bf16));
    w = alpha__vkt_ldu(g, alpha_spirv_select(m, s16, alpha_spirv_shr(m, off_x, one), off_x));
    h = alpha_spirv_band(m, alpha_spirv_shr(m, w, alpha_spirv_imul(m, alpha_spirv_band(m, off_x, one), c16)), ffff);
    v = alpha_spirv_select(m, alpha_spirv_ieq(m, src, i32), alpha_spirv_bitcast(m, g->u32, alpha_spirv_cast(m, g->f32, alpha_spirv_bitcast(m, i32t, w))), w);
    v = alpha_spirv_select(m, alpha_spirv_ieq(m, src, bf16), alpha_spirv_shl(m, h, c16), v);
    v = alpha_spirv_select(m, alpha_spirv_ieq(m, src, f16), alpha__vkt_gen_f16_to_f32(g, h), v);
    v = alpha_spirv_select(m, alpha_spirv_igt(m, alpha_spirv_band(m, v, alpha__vkt_cu(g, 0x7FFFFFFFu)), alpha__vkt_cu(g, 0x7F800000u)),
                           alpha_spirv_bor(m, v, alpha__vkt_cu(g, 0x400000u)), v);
    alpha_spirv_if_begin(m, alpha_spirv_lor(m, alpha_spirv_ieq(m, dst, f16), alpha_spirv_ieq(m, dst, bf16)));
    h = alpha_spirv_select(m, alpha_spirv_ieq(m, dst, f16), alpha__vkt_gen_f32_to_f16(g, v), alpha__vkt_gen_f32_to_bf16(g, v));
    sh = alpha_spirv_imul(m, alpha_spirv_band(m, off_o, one), c16);
    p = alpha__vkt_ptr(g, alpha_spirv_shr(m, off_o, one));
    alpha_spirv_atomic(m, ALPHA_SPIRV_OpAtomicAnd, p, ALPHA_SPIRV_ScopeDevice, ALPHA_SPIRV_MemorySemanticsRelaxed,
                       alpha_spirv_bxor(m, alpha_spirv_shl(m, ffff, sh), alpha__vkt_cu(g, 0xFFFFFFFFu)));
    alpha_spirv_atomic(m, ALPHA_SPIRV_OpAtomicOr, p, ALPHA_SPIRV_ScopeDevice, ALPHA_SPIRV_MemorySemanticsRelaxed, alpha_spirv_shl(m, h, sh));
    alpha_spirv_else(m);
    /* f32, or i32 truncating and saturating with NaN -> 0 (alpha__f32_to_i32) */
    f = alpha_spirv_bitcast(m, g->f32, v);
    toi = alpha_spirv_bitcast(m, g->u32, alpha_spirv_cast(m, i32t, f));
    toi = alpha_spirv_select(m, alpha_spirv_fle(m, f, alpha__vkt_cf(g, -2147483648.0f)), alpha__vkt_cu(g, 0x80000000u), toi);
    toi = alpha_spirv_select(m, alpha_spirv_fge(m, f, alpha__vkt_cf(g, 2147483648.0f)), alpha__vkt_cu(g, 0x7FFFFFFFu), toi);
    toi = alpha_spirv_select(m, alpha__vkt_isnan(g, f), alpha__vkt_cu(g, 0), toi);
    alpha__vkt_stu(g, off_o, alpha_spirv_select(m, alpha_spirv_ieq(m, dst, i32), toi, v));
    alpha_spirv_if_end(m);
}

static int alpha__vkt_is_binary(alpha_op op) {
    return op == ALPHA_OP_ADD || op == ALPHA_OP_SUB || op == ALPHA_OP_MUL || op == ALPHA_OP_DIV || op == ALPHA_OP_EQUAL;
}

/* decomposes *rem over n (shape, stride...) dims given as push words (innermost last) and adds
   index * stride of each of n_st operands into off[] */
static void alpha__vkt_gen_index(alpha__vkt_gen *g, uint32_t *rem, uint32_t first_word, uint32_t n_dims, uint32_t words_per_dim,
                                 uint32_t n_st, uint32_t *off) {
    uint32_t d, k;
    for (d = n_dims; d-- > 0;) {
        uint32_t w = first_word + d * words_per_dim, s = alpha__vkt_pc(g, w), c;
        if (n_dims == 1) {   /* one dim: the index is the coordinate (every caller's index is below its size) */
            for (k = 0; k < n_st; k++) off[k] = alpha_spirv_iadd(g->m, off[k], alpha_spirv_imul(g->m, *rem, alpha__vkt_pc(g, w + 1 + k)));
            break;
        }
        c = alpha_spirv_umod(g->m, *rem, s);
        *rem = alpha_spirv_udiv(g->m, *rem, s);
        for (k = 0; k < n_st; k++) off[k] = alpha_spirv_iadd(g->m, off[k], alpha_spirv_imul(g->m, c, alpha__vkt_pc(g, w + 1 + k)));
    }
}


/* The cooperative-matrix GEMM (MMC: ALPHA_VK_MATMUL_BF16/F16), words as MATMUL's but for its
   operands: dense 16-bit copies made by PACK (alpha__vkt_mc_pack), their offsets in words and
   their strides in halves. A workgroup of 256 invocations (8 subgroups of 32) computes a
   128x128 block of C; subgroup s a 64x32 part of it (rows 64 (s / 4), columns 32 (s % 4)) in
   4x2 accumulators of 16x16 f32. The k loop stages 128x32 of A and 32x128 of B in shared
   memory, each laid out like the operand (its contiguous dim innermost; the matrix loads read
   it row- or column-major; rows padded by 8 halves: 16-byte aligned for the matrix loads,
   banks skewed), double-buffered: each step first loads the next step's 2 + 2 uvec4 of 8
   halves per invocation from device memory (SSA values, not variables: they stay in registers
   and the loads issue back to back), multiplies the current buffer, then stores them into the
   other one as they came (no conversion); one barrier per step. variant: bit 0 A's k stride is
   1 (else its m stride: a transposed view), bit 1 B's n stride is 1 (else k), bit 2 f16 (else
   bf16): the loads walk the contiguous dim, so a warp reads 512 consecutive bytes. A load out
   of range (rows padded with zeros to a multiple of 8: all of it or none) gives 0; C goes out
   through shared memory (each 16x16 accumulator into the subgroup's staging block, then
   bounds-checked f32 stores). Split k (push word 10, the chunk; only without
   batch dims): a product with few output tiles and a long k (weight gradients: 384 x 1152 over
   8192 rows is 27 tiles for 132 SMs) runs its k chunks in z, each into its own [M, N] slice of
   free arena memory above the allocations, which a REDUCE then sums in order into C. */
#define ALPHA__VKT_MC_TILE 128u
#define ALPHA__VKT_MC_K 32u
#define ALPHA__VKT_MC_SK (ALPHA__VKT_MC_K + 8u)      /* row stride of a tile stored k-contiguous ([m][k] or [n][k]), halves */
#define ALPHA__VKT_MC_ST (ALPHA__VKT_MC_TILE + 8u)   /* row stride of a tile stored m/n-contiguous ([k][m] or [k][n]) */
#define ALPHA__VKT_MC_BUF (ALPHA__VKT_MC_TILE * ALPHA__VKT_MC_SK)   /* halves per tile buffer (the larger of the two) */
/* variant bits */
#define ALPHA__VKT_MC_A_KFAST 1u
#define ALPHA__VKT_MC_B_NFAST 2u
#define ALPHA__VKT_MC_F16 4u
#define ALPHA__VKT_MC_VEC4 8u   /* 16-byte loads (device address, 4-aligned offsets, strides and contiguous extents) */
#define ALPHA__VKT_MC_ACC 16u   /* C += the product (ALPHA_NODE_ACCUMULATE) */
#define ALPHA__VKT_MC_BIAS 32u  /* C = the product + bias[n] (a MATMUL node's src[2]; word 11 + 3 ALPHA__VKT_MMB) */
#define ALPHA__VKT_MC_DEEP 64u  /* MMC: each step loads the step after next (two steps of latency hidden, not one) */
#define ALPHA__VKT_MC_WIDE 128u /* MMC: 4 subgroups of 64x64 (4x4 accumulators: fewer matrix loads per product), not 8 of 64x32 */
#define ALPHA__VKT_MC_HALF2 256u /* MATMUL: the operands are PACK's 16-bit copies (bit 2: f16), read a word of 2 halves at a time
                                   (the emulated 16-bit tier: the bf16/f16 data path on devices without cooperative matrices) */
#define ALPHA__VKT_MC_GELU_GRAD 512u /* C = the product * gelu'(h[m, n]) (alpha_matmul_gelu_backward; h at word 12 + 3 ALPHA__VKT_MMB) */
/* the cooperative GEMM's shape bits from ALPHA_VK_TUNE's */
static uint32_t alpha__vkt_gemm_shape(uint32_t tune) {
    return ((tune & ALPHA__VK_TUNE_DEEP) ? ALPHA__VKT_MC_DEEP : 0u) | ((tune & ALPHA__VK_TUNE_WIDE) ? ALPHA__VKT_MC_WIDE : 0u);
}
typedef struct alpha__vkt_mc {
    uint32_t variant, h, as, bs, M, N, K, row0, col0, off[2];
    /* per operand (A, B): this invocation's first element in the tile, along and across the
       operand's contiguous dim, and its index in the shared tile; every other element it moves
       is at constant distances from these (alpha__vkt_mc_elem): three registers per operand
       instead of 48 loop-invariant indices, which spilled */
    uint32_t along0[2], across0[2], sh0[2], ext[2];
    int kdim[2];   /* the contiguous dim is k */
    /* the tiling: k depth of a step, row strides of the two tile layouts ([..][k] and [k][..]),
       elements per buffer, elements each invocation loads per operand per step */
    uint32_t kd, sk, st, buf, loads, threads;
    int tk;   /* both tiles stored [k][m] and [k][n] whatever the operands' layouts, in arrays of f32
                 vec4 (the scalar tier: 16-byte shared loads of 4 rows or columns) */
    uint32_t vw;       /* elements per load along the contiguous dim: 1, 4 (f32 VEC4) or 8 (packed halves) */
    int half2;         /* the scalar GEMM over PACK's copies (ALPHA__VKT_MC_HALF2): words of 2 halves unpacked to f32 */
    int packed;        /* operands are dense 16-bit copies (alpha__vkt_mc_pack): offsets in words, strides in
                          halves, 16-byte loads and shared stores of 8 halves, no conversion */
    uint32_t base_w[2];   /* packed: the operands' word offsets (off[] then counts halves within them) */
} alpha__vkt_mc;
/* a uvec4 pointer to arena word idx (a multiple of 4: 16-byte aligned; device address only) */
static uint32_t alpha__vkt_ptr4(alpha__vkt_gen *g, uint32_t idx) {
    alpha_spirv_module *m = g->m;
    return alpha__vkt_addr_ptr(g, alpha_spirv_type_pointer(m, ALPHA_SPIRV_StorageClassPhysicalStorageBuffer, alpha_spirv_type_vector(m, g->u32, 4)), idx);
}
/* four u32 words at arena word idx (a multiple of 4) as a uvec4: one 16-byte load and store
   through the device address, four word accesses through the binding (its array is of words) */
static uint32_t alpha__vkt_ld4(alpha__vkt_gen *g, uint32_t idx) {
    alpha_spirv_module *m = g->m;
    uint32_t w[4], i;
    if (g->bda) return alpha_spirv_load_aligned(m, alpha__vkt_ptr4(g, idx), 16);
    for (i = 0; i < 4; i++) w[i] = alpha__vkt_ldu(g, alpha_spirv_iadd(m, idx, alpha__vkt_cu(g, i)));
    return alpha_spirv_construct(m, alpha_spirv_type_vector(m, g->u32, 4), 4, w);
}
static void alpha__vkt_st4(alpha__vkt_gen *g, uint32_t idx, uint32_t v) {
    alpha_spirv_module *m = g->m;
    uint32_t i;
    if (g->bda) { alpha_spirv_store_aligned(m, alpha__vkt_ptr4(g, idx), v, 16); return; }
    for (i = 0; i < 4; i++) alpha__vkt_stu(g, alpha_spirv_iadd(m, idx, alpha__vkt_cu(g, i)), alpha_spirv_extract(m, v, i));
}
/* n (1 or 4) f32 at arena word e (4: a multiple of 4, one 16-byte access) into / from v[] */
static void alpha__vkt_ld_run(alpha__vkt_gen *g, uint32_t e, uint32_t n, uint32_t *v) {
    uint32_t i, w;
    if (n == 1) { v[0] = alpha__vkt_ldf(g, e); return; }
    w = alpha__vkt_ld4(g, e);
    for (i = 0; i < 4; i++) v[i] = alpha_spirv_bitcast(g->m, g->f32, alpha_spirv_extract(g->m, w, i));
}
static void alpha__vkt_st_run(alpha__vkt_gen *g, uint32_t e, uint32_t n, const uint32_t *v) {
    uint32_t i, w[4];
    if (n == 1) { alpha__vkt_stf(g, e, v[0]); return; }
    for (i = 0; i < 4; i++) w[i] = alpha_spirv_bitcast(g->m, g->u32, v[i]);
    alpha__vkt_st4(g, e, alpha_spirv_construct(g->m, alpha_spirv_type_vector(g->m, g->u32, 4), 4, w));
}
/* PACK: f32 rows into dense 16-bit rows, the cooperative-matrix GEMM's operands
   (alpha__vkt_mc_pack) and contiguous f32 -> bf16/f16 casts. Invocation idx writes halves
   8 g .. 8 g + 7 of packed row r (idx = (batch * rows + r) * G + g) as one uvec4: the source's
   elements along the row, 0 past its length L (rows are padded to G * 8 halves). Words: 0 the
   invocations, 1 rows, 2 G, 3 L, 4 the source offset, 5 the destination word offset (a multiple
   of 4), 6 the source's row stride, 7 its element stride, 8.. ALPHA__VKT_MMB batch dims (shape,
   source stride), innermost last. Variant 1: f16, else bf16; rounded to nearest even like the
   CPU's alpha__store (NaNs made quiet). Variant ALPHA__VKT_PACK_VEC4 (device address, element
   stride 1, 4-aligned source offset, row and batch strides, L % 4 == 0: each group of 4
   elements wholly in the row or past it): two 16-byte loads instead of 8 word loads. */
#define ALPHA__VKT_PACK_VEC4 2u
static void alpha__vkt_gen_pack(alpha__vkt_gen *g, uint32_t idx, uint32_t variant) {
    alpha_spirv_module *m = g->m;
    uint32_t G = alpha__vkt_pc(g, 2), rows = alpha__vkt_pc(g, 1), L = alpha__vkt_pc(g, 3), zero = alpha__vkt_cu(g, 0);
    uint32_t e0 = alpha_spirv_imul(m, alpha_spirv_umod(m, idx, G), alpha__vkt_cu(g, 8)), rem = alpha_spirv_udiv(m, idx, G), src, half[8], w[4], i, vec = 0;
    uint32_t row = alpha_spirv_umod(m, rem, rows);
    rem = alpha_spirv_udiv(m, rem, rows);
    src = alpha__vkt_pc(g, 4);
    alpha__vkt_gen_index(g, &rem, 8, ALPHA__VKT_MMB, 2, 1, &src);
    src = alpha_spirv_iadd(m, src, alpha_spirv_imul(m, row, alpha__vkt_pc(g, 6)));
    for (i = 0; i < 8; i++) {
        uint32_t e = alpha_spirv_iadd(m, e0, alpha__vkt_cu(g, i)), in = alpha_spirv_ilt(m, e, L), v;
        if (variant & ALPHA__VKT_PACK_VEC4) {   /* the group's first element stands for it */
            uint32_t e4 = alpha_spirv_iadd(m, e0, alpha__vkt_cu(g, i & ~3u));
            if (i % 4 == 0) vec = alpha__vkt_ld4(g, alpha_spirv_select(m, alpha_spirv_ilt(m, e4, L), alpha_spirv_iadd(m, src, e4), src));
            v = alpha_spirv_extract(m, vec, i % 4);
            in = alpha_spirv_ilt(m, e4, L);
        } else {
            v = alpha__vkt_ldu(g, alpha_spirv_select(m, in, alpha_spirv_iadd(m, src, alpha_spirv_imul(m, e, alpha__vkt_pc(g, 7))), src));
        }
        v = variant & 1u ? alpha__vkt_gen_f32_to_f16(g, v) : alpha__vkt_gen_f32_to_bf16(g, v);
        half[i] = alpha_spirv_select(m, in, v, zero);
    }
    for (i = 0; i < 4; i++) w[i] = alpha_spirv_bor(m, half[2 * i], alpha_spirv_shl(m, half[2 * i + 1], alpha__vkt_cu(g, 16)));
    alpha__vkt_st4(g, alpha_spirv_iadd(m, alpha__vkt_pc(g, 5), alpha_spirv_imul(m, idx, alpha__vkt_cu(g, 4))),
                   alpha_spirv_construct(m, alpha_spirv_type_vector(m, g->u32, 4), 4, w));
}
/* the index in a shared tile of operand op's element (mn, k) */
static uint32_t alpha__vkt_mc_sh(alpha__vkt_gen *g, const alpha__vkt_mc *c, int op, uint32_t mn, uint32_t k) {
    alpha_spirv_module *m = g->m;
    return c->kdim[op] && !c->tk ? alpha_spirv_iadd(m, alpha_spirv_imul(m, mn, alpha__vkt_cu(g, c->sk)), k)
                                 : alpha_spirv_iadd(m, alpha_spirv_imul(m, k, alpha__vkt_cu(g, c->st)), mn);
}
/* where this invocation's elements sit in the tiles: operand A (op 0) is [m][k] in shared
   memory as [m][k] or [k][m], B (op 1) as [n][k] or [k][n], whichever keeps its contiguous dim
   innermost; fast: the operand's contiguous dim is k (A) or n (B), else the other one. Scalar loads: element e = lid + 256 q walks the contiguous dim; VEC4: vector e does, 4 wide. */
static void alpha__vkt_mc_layout(alpha__vkt_gen *g, alpha__vkt_mc *c, uint32_t lid, int op, int fast) {
    alpha_spirv_module *m = g->m;
    uint32_t ext, cE, mn, k;
    c->kdim[op] = !op == !!fast;
    ext = (c->kdim[op] ? c->kd : ALPHA__VKT_MC_TILE) / c->vw;   /* loads per row of the contiguous dim */
    cE = alpha__vkt_cu(g, ext);
    c->ext[op] = ext;
    c->along0[op] = alpha_spirv_imul(m, alpha_spirv_umod(m, lid, cE), alpha__vkt_cu(g, c->vw));
    c->across0[op] = alpha_spirv_udiv(m, lid, cE);
    mn = c->kdim[op] ? c->across0[op] : c->along0[op];
    k = c->kdim[op] ? c->along0[op] : c->across0[op];
    c->sh0[op] = alpha__vkt_mc_sh(g, c, op, mn, k);
}
/* element q of operand op (component q % vw of load q / vw): tile row/column, k, shared index */
static void alpha__vkt_mc_elem(alpha__vkt_gen *g, const alpha__vkt_mc *c, int op, uint32_t q, uint32_t *mn, uint32_t *k, uint32_t *sh) {
    alpha_spirv_module *m = g->m;
    uint32_t d_across = q / c->vw * (c->threads / c->ext[op]), d_along = q % c->vw;   /* the workgroup covers whole rows */
    uint32_t dmn = c->kdim[op] ? d_across : d_along, dk = c->kdim[op] ? d_along : d_across;
    *mn = alpha_spirv_iadd(m, c->kdim[op] ? c->across0[op] : c->along0[op], alpha__vkt_cu(g, dmn));
    *k = alpha_spirv_iadd(m, c->kdim[op] ? c->along0[op] : c->across0[op], alpha__vkt_cu(g, dk));
    *sh = alpha_spirv_iadd(m, c->sh0[op], alpha__vkt_cu(g, c->kdim[op] && !c->tk ? dmn * c->sk + dk : dk * c->st + dmn));
}
/* load q of operand op at k0: its index in the operand's batch (0 where it is out of range,
   *in false), counted from the operand's offset */
static uint32_t alpha__vkt_mc_index(alpha__vkt_gen *g, const alpha__vkt_mc *c, int op, uint32_t q, uint32_t k0, uint32_t *in) {
    alpha_spirv_module *m = g->m;
    uint32_t emn, ek, esh, r, k, idx;
    alpha__vkt_mc_elem(g, c, op, q, &emn, &ek, &esh);
    r = alpha_spirv_iadd(m, op ? c->col0 : c->row0, emn);
    k = alpha_spirv_iadd(m, k0, ek);
    /* the first element of a load stands for all of it (the contiguous extent is a multiple of vw) */
    *in = alpha_spirv_land(m, alpha_spirv_ilt(m, r, op ? c->N : c->M), alpha_spirv_ilt(m, k, c->K));
    idx = op ? alpha_spirv_iadd(m, alpha_spirv_imul(m, k, alpha__vkt_pc(g, 8)), alpha_spirv_imul(m, r, alpha__vkt_pc(g, 9)))
             : alpha_spirv_iadd(m, alpha_spirv_imul(m, r, alpha__vkt_pc(g, 6)), alpha_spirv_imul(m, k, alpha__vkt_pc(g, 7)));
    return alpha_spirv_select(m, *in, idx, alpha__vkt_cu(g, 0));
}
/* this invocation's elements of the A and B tiles at k0, 0 out of range: f32 (the scalar tier),
   or uvec4s of 8 halves of the packed 16-bit operands (their rows padded with zeros to a
   multiple of 8: a load is all in range or all out) */
static void alpha__vkt_mc_fetch(alpha__vkt_gen *g, const alpha__vkt_mc *c, uint32_t k0, uint32_t *va, uint32_t *vb) {
    alpha_spirv_module *m = g->m;
    uint32_t q, i, op, fz = alpha__vkt_cf(g, 0.0f), step = c->vw, zero = alpha__vkt_cu(g, 0), zv[4];
    zv[0] = zv[1] = zv[2] = zv[3] = zero;
    for (op = 0; op < 2; op++)
        for (q = 0; q < c->loads; q += step) {
            uint32_t *out = op ? vb : va, in, idx = alpha__vkt_mc_index(g, c, (int)op, q, k0, &in);
            if (c->packed) {   /* word base_w + half / 2 */
                idx = alpha_spirv_iadd(m, c->base_w[op], alpha_spirv_shr(m, alpha_spirv_iadd(m, c->off[op], idx), alpha__vkt_cu(g, 1)));
                out[q / 8] = alpha_spirv_select(m, in, alpha__vkt_ld4(g, idx), alpha_spirv_const_composite(m, alpha_spirv_type_vector(m, g->u32, 4), 4, zv));
                continue;
            }
            if (c->half2) {   /* the word of halves q and q + 1 (even: rows padded to 8), as two f32 */
                uint32_t w = alpha__vkt_ldu(g, alpha_spirv_iadd(m, c->base_w[op], alpha_spirv_shr(m, alpha_spirv_iadd(m, c->off[op], idx), alpha__vkt_cu(g, 1))));
                uint32_t lo = alpha_spirv_band(m, w, alpha__vkt_cu(g, 0xFFFFu)), hi = alpha_spirv_shr(m, w, alpha__vkt_cu(g, 16));
                if (c->variant & ALPHA__VKT_MC_F16) { lo = alpha__vkt_gen_f16_to_f32(g, lo); hi = alpha__vkt_gen_f16_to_f32(g, hi); }
                else { lo = alpha_spirv_shl(m, lo, alpha__vkt_cu(g, 16)); hi = alpha_spirv_shl(m, hi, alpha__vkt_cu(g, 16)); }
                out[q] = alpha_spirv_select(m, in, alpha_spirv_bitcast(m, g->f32, lo), fz);
                out[q + 1] = alpha_spirv_select(m, in, alpha_spirv_bitcast(m, g->f32, hi), fz);
                continue;
            }
            idx = alpha_spirv_iadd(m, c->off[op], idx);
            if (step == 4) {
                uint32_t w = alpha__vkt_ld4(g, idx);
                for (i = 0; i < 4; i++)
                    out[q + i] = alpha_spirv_select(m, in, alpha_spirv_bitcast(m, g->f32, alpha_spirv_extract(m, w, i)), fz);
            } else {
                out[q] = alpha_spirv_select(m, in, alpha__vkt_ldf(g, idx), fz);
            }
        }
}
/* shared arrays of f32 vec4 (the scalar tier's GEMM and attention tiles) addressed by word:
   a pointer to word w, and the 4 words at w (a multiple of 4) in one 16-byte load */
static uint32_t alpha__vkt_v4_at(alpha__vkt_gen *g, uint32_t arr, uint32_t w) {
    return alpha_spirv_access(g->m, arr, 2, alpha_spirv_shr(g->m, w, alpha__vkt_cu(g, 2)), alpha_spirv_band(g->m, w, alpha__vkt_cu(g, 3)));
}
static uint32_t alpha__vkt_v4_load(alpha__vkt_gen *g, uint32_t arr, uint32_t w) {
    return alpha_spirv_load(g->m, alpha_spirv_access(g->m, arr, 1, alpha_spirv_shr(g->m, w, alpha__vkt_cu(g, 2))));
}
/* a pointer to element e of shared tile array arr */
static uint32_t alpha__vkt_mc_at(alpha__vkt_gen *g, const alpha__vkt_mc *c, uint32_t arr, uint32_t e) {
    return c->tk ? alpha__vkt_v4_at(g, arr, e) : alpha_spirv_access(g->m, arr, 1, e);
}
/* ... into shared buffer buf (0 or 1, an id) */
static void alpha__vkt_mc_stage(alpha__vkt_gen *g, const alpha__vkt_mc *c, uint32_t buf, const uint32_t *va, const uint32_t *vb) {
    alpha_spirv_module *m = g->m;
    uint32_t q, ba = alpha_spirv_imul(m, buf, alpha__vkt_cu(g, c->buf)), bb = ba;
    for (q = 0; c->packed && q < c->loads; q += 8) {   /* uvec4 tiles: 8 halves per store */
        uint32_t mn, k, sh, c3 = alpha__vkt_cu(g, 3);
        alpha__vkt_mc_elem(g, c, 0, q, &mn, &k, &sh);
        alpha_spirv_store(m, alpha_spirv_access(m, c->as, 1, alpha_spirv_shr(m, alpha_spirv_iadd(m, ba, sh), c3)), va[q / 8]);
        alpha__vkt_mc_elem(g, c, 1, q, &mn, &k, &sh);
        alpha_spirv_store(m, alpha_spirv_access(m, c->bs, 1, alpha_spirv_shr(m, alpha_spirv_iadd(m, bb, sh), c3)), vb[q / 8]);
    }
    for (q = 0; !c->packed && q < c->loads; q++) {
        uint32_t mn, k, sh;
        alpha__vkt_mc_elem(g, c, 0, q, &mn, &k, &sh);
        alpha_spirv_store(m, alpha__vkt_mc_at(g, c, c->as, alpha_spirv_iadd(m, ba, sh)), va[q]);
        alpha__vkt_mc_elem(g, c, 1, q, &mn, &k, &sh);
        alpha_spirv_store(m, alpha__vkt_mc_at(g, c, c->bs, alpha_spirv_iadd(m, bb, sh)), vb[q]);
    }
}
/* split k (push word 10 = the chunk, 0: none): workgroup z sums k in [z chunk, (z + 1) chunk);
   sets c->K to the range's end, returns its start */
static uint32_t alpha__vkt_mc_krange(alpha__vkt_gen *g, alpha__vkt_mc *c, uint32_t z) {
    alpha_spirv_module *m = g->m;
    uint32_t chunk = alpha__vkt_pc(g, 10), split = alpha_spirv_ine(m, chunk, alpha__vkt_cu(g, 0));
    uint32_t kbeg = alpha_spirv_select(m, split, alpha_spirv_imul(m, z, chunk), alpha__vkt_cu(g, 0));
    c->K = alpha_spirv_select(m, split, alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450UMin, 2, c->K, alpha_spirv_iadd(m, kbeg, chunk)), c->K);
    return kbeg;
}
/* The two GEMMs' common frame. mc_begin: the workgroup's tile origin, the operands' batch offsets
   (batch index z), the element layout, and the first k step staged in buffer 0; returns the
   first k (with split: the chunk's, push word 10) and sets c->K to the last. */
static uint32_t alpha__vkt_mc_begin(alpha__vkt_gen *g, alpha__vkt_mc *c, uint32_t lid, uint32_t z, int split, uint32_t *va, uint32_t *vb) {
    alpha_spirv_module *m = g->m;
    uint32_t cT = alpha__vkt_cu(g, ALPHA__VKT_MC_TILE), rem = z, kbeg = alpha__vkt_cu(g, 0);
    c->M = alpha__vkt_pc(g, 0); c->N = alpha__vkt_pc(g, 1); c->K = alpha__vkt_pc(g, 2);
    if (split) kbeg = alpha__vkt_mc_krange(g, c, z);
    c->row0 = alpha_spirv_imul(m, alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInWorkgroupId, 1), cT);
    c->col0 = alpha_spirv_imul(m, alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInWorkgroupId, 0), cT);
    c->off[0] = alpha__vkt_pc(g, 3); c->off[1] = alpha__vkt_pc(g, 4);
    if (c->packed || c->half2) {   /* word offsets; the batch offsets (in halves) start from 0 */
        c->base_w[0] = c->off[0]; c->base_w[1] = c->off[1];
        c->off[0] = c->off[1] = alpha__vkt_cu(g, 0);
    }
    alpha__vkt_gen_index(g, &rem, 11, ALPHA__VKT_MMB, 3, 2, c->off);
    alpha__vkt_mc_layout(g, c, lid, 0, (c->variant & ALPHA__VKT_MC_A_KFAST) != 0);
    alpha__vkt_mc_layout(g, c, lid, 1, (c->variant & ALPHA__VKT_MC_B_NFAST) != 0);
    alpha__vkt_mc_fetch(g, c, kbeg, va, vb);
    alpha__vkt_mc_stage(g, c, alpha__vkt_cu(g, 0), va, vb);
    alpha_spirv_workgroup_barrier(g->m);
    return kbeg;
}
/* opens the k loop and issues the loads of the step `ahead` steps on (in flight while the
   products run); returns the current buffer's base (*cur: its number) */
static uint32_t alpha__vkt_mc_step_begin(alpha__vkt_gen *g, alpha__vkt_mc *c, uint32_t kbeg, uint32_t ahead, uint32_t *va, uint32_t *vb, uint32_t *cur) {
    alpha_spirv_module *m = g->m;
    uint32_t cK = alpha__vkt_cu(g, c->kd), k0 = alpha_spirv_for_begin(m, kbeg, c->K, cK);
    *cur = alpha_spirv_band(m, alpha_spirv_udiv(m, alpha_spirv_isub(m, k0, kbeg), cK), alpha__vkt_cu(g, 1));
    alpha__vkt_mc_fetch(g, c, alpha_spirv_iadd(m, k0, alpha__vkt_cu(g, ahead * c->kd)), va, vb);
    return alpha_spirv_imul(m, *cur, alpha__vkt_cu(g, c->buf));
}
/* stores the next step into the other buffer and closes the loop */
static void alpha__vkt_mc_step_end(alpha__vkt_gen *g, alpha__vkt_mc *c, uint32_t cur, const uint32_t *va, const uint32_t *vb) {
    alpha__vkt_mc_stage(g, c, alpha_spirv_bxor(g->m, cur, alpha__vkt_cu(g, 1)), va, vb);
    alpha_spirv_workgroup_barrier(g->m);
    alpha_spirv_for_end(g->m);
}
/* C[z][r][n] = v where r < M and n < N (r, n: tile row and column within the workgroup's block) */
static void alpha__vkt_mc_store_c(alpha__vkt_gen *g, const alpha__vkt_mc *c, uint32_t z, uint32_t r, uint32_t n, uint32_t v) {
    alpha_spirv_module *m = g->m;
    uint32_t at, e;
    r = alpha_spirv_iadd(m, c->row0, r);
    n = alpha_spirv_iadd(m, c->col0, n);
    e = alpha_spirv_iadd(m, alpha_spirv_imul(m, alpha_spirv_iadd(m, alpha_spirv_imul(m, z, c->M), r), c->N), n);
    alpha_spirv_if_begin(m, alpha_spirv_land(m, alpha_spirv_ilt(m, r, c->M), alpha_spirv_ilt(m, n, c->N)));
    at = alpha_spirv_iadd(m, alpha__vkt_pc(g, 5), e);
    if (c->variant & ALPHA__VKT_MC_GELU_GRAD)   /* as UBW: g * gelu'(h) */
        v = alpha_spirv_fmul(m, v, alpha__vkt_gen_dop(g, ALPHA_OP_GELU, alpha__vkt_ldf(g, alpha_spirv_iadd(m, alpha__vkt_pc(g, 12 + 3 * ALPHA__VKT_MMB), e)), 0, 0, 0));
    if (c->variant & ALPHA__VKT_MC_BIAS) v = alpha_spirv_fadd(m, v, alpha__vkt_ldf(g, alpha_spirv_iadd(m, alpha__vkt_pc(g, 11 + 3 * ALPHA__VKT_MMB), n)));
    if (c->variant & ALPHA__VKT_MC_ACC) v = alpha_spirv_fadd(m, alpha__vkt_ldf(g, at), v);
    alpha__vkt_stf(g, at, v);
    alpha_spirv_if_end(m);
}
/* the 16x16 fragment of operand op at tile row/column mn (an id) and k (a constant) from the
   buffer at base: row-major where the tile is stored k-contiguous for A or m/n-contiguous for B */
static uint32_t alpha__vkt_mc_frag(alpha__vkt_gen *g, const alpha__vkt_mc *c, int op, uint32_t type, uint32_t base, uint32_t mn, uint32_t k) {
    alpha_spirv_module *m = g->m;
    int kdim = c->kdim[op], row_major = op ? !kdim : kdim;
    uint32_t e = alpha_spirv_iadd(m, base, alpha__vkt_mc_sh(g, c, op, mn, alpha__vkt_cu(g, k))), w = c->packed ? 8u : 1u;   /* uvec4 tiles: 8 halves an element */
    if (c->packed) e = alpha_spirv_shr(m, e, alpha__vkt_cu(g, 3));
    return alpha_spirv_coopmat_load(m, type, alpha_spirv_access(m, op ? c->bs : c->as, 1, e),
                                    row_major ? ALPHA_SPIRV_CooperativeMatrixLayoutRowMajorKHR : ALPHA_SPIRV_CooperativeMatrixLayoutColumnMajorKHR,
                                    alpha__vkt_cu(g, (kdim ? c->sk : c->st) / w));
}
/* the subgroup waits for its own shared-memory writes (the epilogue's staging block is the
   subgroup's: no need to hold the workgroup) */
static void alpha__vkt_subgroup_barrier(alpha__vkt_gen *g) {
    alpha_spirv_control_barrier(g->m, ALPHA_SPIRV_ScopeSubgroup, ALPHA_SPIRV_ScopeWorkgroup,
                                ALPHA_SPIRV_MemorySemanticsAcquireRelease | ALPHA_SPIRV_MemorySemanticsWorkgroupMemory);
}
static void alpha__vkt_gen_matmul_coop(alpha__vkt_gen *g, uint32_t variant) {
    alpha_spirv_module *m = g->m;
    alpha__vkt_mc c;
    int wide = (variant & ALPHA__VKT_MC_WIDE) != 0, deep = (variant & ALPHA__VKT_MC_DEEP) != 0;
    uint32_t nsg = wide ? 4u : 8u, fn = wide ? 4u : 2u;   /* subgroups; each one's 16-wide columns (and 4 of rows) */
    uint32_t ta, tb, tc, cs, acc[16], va[4], vb[4], na[4], nb[4], hv[8], i, j, t, fz = alpha__vkt_cf(g, 0.0f);
    uint32_t lid, sg, lane, z, sgm, sgn, kbeg, cur, ba, stage, u4 = alpha_spirv_type_vector(m, g->u32, 4);
    memset(&c, 0, sizeof c);
    c.variant = variant;
    c.threads = 32u * nsg;
    c.kd = ALPHA__VKT_MC_K; c.sk = ALPHA__VKT_MC_SK; c.st = ALPHA__VKT_MC_ST; c.buf = ALPHA__VKT_MC_BUF; c.loads = ALPHA__VKT_MC_TILE * ALPHA__VKT_MC_K / c.threads;
    c.vw = 8; c.packed = 1;
    c.h = (variant & ALPHA__VKT_MC_F16) ? alpha_spirv_type_f16(m) : alpha_spirv_type_bf16(m);
    ta = alpha_spirv_type_coopmat(m, c.h, ALPHA_SPIRV_ScopeSubgroup, 16, 16, ALPHA_SPIRV_CooperativeMatrixUseMatrixAKHR);
    tb = alpha_spirv_type_coopmat(m, c.h, ALPHA_SPIRV_ScopeSubgroup, 16, 16, ALPHA_SPIRV_CooperativeMatrixUseMatrixBKHR);
    tc = alpha_spirv_type_coopmat(m, g->f32, ALPHA_SPIRV_ScopeSubgroup, 16, 16, ALPHA_SPIRV_CooperativeMatrixUseMatrixAccumulatorKHR);
    c.as = alpha_spirv_shared_array(m, u4, 2 * c.buf / 8);
    c.bs = alpha_spirv_shared_array(m, u4, 2 * c.buf / 8);
    cs = alpha_spirv_shared_array(m, g->f32, nsg * 256);   /* a 16x16 staging block per subgroup */
    for (i = 0; i < 4 * fn; i++) acc[i] = alpha_spirv_local(m, tc);   /* locals first: the entry block */
    for (i = 0; deep && i < 2 * c.loads / 8; i++) hv[i] = alpha_spirv_local(m, u4);   /* DEEP: the next step's loads, across iterations */
    lid = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInLocalInvocationIndex, -1);
    sg = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInSubgroupId, -1);
    lane = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInSubgroupLocalInvocationId, -1);
    z = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInWorkgroupId, 2);
    for (i = 0; i < 4 * fn; i++) alpha_spirv_store(m, acc[i], alpha_spirv_const_composite(m, tc, 1, &fz));
    sgm = alpha_spirv_imul(m, alpha_spirv_udiv(m, sg, alpha__vkt_cu(g, nsg / 2)), alpha__vkt_cu(g, 64));
    sgn = alpha_spirv_imul(m, alpha_spirv_umod(m, sg, alpha__vkt_cu(g, nsg / 2)), alpha__vkt_cu(g, 16 * fn));
    kbeg = alpha__vkt_mc_begin(g, &c, lid, z, 1, va, vb);
    if (deep) {   /* step 1 in flight before the loop */
        alpha__vkt_mc_fetch(g, &c, alpha_spirv_iadd(m, kbeg, alpha__vkt_cu(g, c.kd)), va, vb);
        for (i = 0; i < c.loads / 8; i++) { alpha_spirv_store(m, hv[i], va[i]); alpha_spirv_store(m, hv[c.loads / 8 + i], vb[i]); }
    }
    ba = alpha__vkt_mc_step_begin(g, &c, kbeg, deep ? 2u : 1u, deep ? na : va, deep ? nb : vb, &cur);
    for (i = 0; deep && i < c.loads / 8; i++) { va[i] = alpha_spirv_load(m, hv[i]); vb[i] = alpha_spirv_load(m, hv[c.loads / 8 + i]); }
    for (t = 0; t < ALPHA__VKT_MC_K; t += 16) {
        uint32_t fa[4], fb[4];
        for (i = 0; i < 4; i++) fa[i] = alpha__vkt_mc_frag(g, &c, 0, ta, ba, alpha_spirv_iadd(m, sgm, alpha__vkt_cu(g, 16 * i)), t);
        for (j = 0; j < fn; j++) fb[j] = alpha__vkt_mc_frag(g, &c, 1, tb, ba, alpha_spirv_iadd(m, sgn, alpha__vkt_cu(g, 16 * j)), t);
        for (i = 0; i < 4; i++)
            for (j = 0; j < fn; j++)
                alpha_spirv_store(m, acc[fn * i + j], alpha_spirv_coopmat_muladd(m, fa[i], fb[j], alpha_spirv_load(m, acc[fn * i + j]), 0));
    }
    for (i = 0; deep && i < c.loads / 8; i++) { alpha_spirv_store(m, hv[i], na[i]); alpha_spirv_store(m, hv[c.loads / 8 + i], nb[i]); }
    alpha__vkt_mc_step_end(g, &c, cur, va, vb);
    /* C through the subgroup's staging block and bounds-checked stores: measured on the H100
       against coopmat stores straight to C for blocks wholly inside it, which ran 4% slower
       (4096^3 bf16 160 vs 166 TFLOP/s; stores of 64-byte rows) */
    stage = alpha_spirv_imul(m, sg, alpha__vkt_cu(g, 256));
    for (i = 0; i < 4; i++)
        for (j = 0; j < fn; j++) {
            alpha_spirv_coopmat_store(m, alpha_spirv_access(m, cs, 1, stage), alpha_spirv_load(m, acc[fn * i + j]),
                                      ALPHA_SPIRV_CooperativeMatrixLayoutRowMajorKHR, alpha__vkt_cu(g, 16));
            alpha__vkt_subgroup_barrier(g);
            for (t = 0; t < 8; t++) {
                uint32_t e = alpha_spirv_iadd(m, lane, alpha__vkt_cu(g, 32 * t));
                uint32_t r = alpha_spirv_iadd(m, sgm, alpha_spirv_iadd(m, alpha__vkt_cu(g, 16 * i), alpha_spirv_udiv(m, e, alpha__vkt_cu(g, 16))));
                uint32_t n = alpha_spirv_iadd(m, sgn, alpha_spirv_iadd(m, alpha__vkt_cu(g, 16 * j), alpha_spirv_umod(m, e, alpha__vkt_cu(g, 16))));
                alpha__vkt_mc_store_c(g, &c, z, r, n, alpha_spirv_load(m, alpha_spirv_access(m, cs, 1, alpha_spirv_iadd(m, stage, e))));
            }
            alpha__vkt_subgroup_barrier(g);
        }
}

/* The scalar-tier MATMUL (f32; words as above): the cooperative GEMM's staging (16-byte global
   loads where aligned, the next step's loads in flight while the current one multiplies,
   double-buffered) with f32 tiles 8 deep stored [k][m] and [k][n] (tk; row stride 132: the
   transposing stores of a k-contiguous operand hit distinct banks), and FMA products: a 16x16
   workgroup computes a 128x128 block of C, each invocation 8x8 outputs in two 4x4 blocks per
   direction, read with 16-byte shared loads: 4 loads per 64 FMAs (scalar loads, 16 per 64,
   kept the H100 at 35 of 67 TFLOP/s, bound by shared-load issue). Every output sums its k
   products in order, like the CPU; a product split along k (alpha__vkt_mc_split) sums each
   chunk in order, then the chunks in order. */
#define ALPHA__VKT_MS_K 8u   /* 4 tiles of 8 x 132 f32: 17 KiB, within every device's 32 KiB */
#define ALPHA__VKT_MS_R 8u
static void alpha__vkt_gen_matmul(alpha__vkt_gen *g, uint32_t variant) {
    alpha_spirv_module *m = g->m;
    alpha__vkt_mc c;
    uint32_t acc[ALPHA__VKT_MS_R * ALPHA__VKT_MS_R], va[ALPHA__VKT_MC_TILE * ALPHA__VKT_MS_K / 256], vb[ALPHA__VKT_MC_TILE * ALPHA__VKT_MS_K / 256];
    uint32_t i, j, t, lid, lx, ly, z, kbeg, cur, ba, fz = alpha__vkt_cf(g, 0.0f), v4 = alpha_spirv_type_vector(m, g->f32, 4);
    uint32_t rows[ALPHA__VKT_MS_R], cols[ALPHA__VKT_MS_R];
    memset(&c, 0, sizeof c);
    c.variant = variant & (ALPHA__VKT_MC_A_KFAST | ALPHA__VKT_MC_B_NFAST | ALPHA__VKT_MC_VEC4 | ALPHA__VKT_MC_ACC | ALPHA__VKT_MC_BIAS |
                           ALPHA__VKT_MC_HALF2 | ALPHA__VKT_MC_F16 | ALPHA__VKT_MC_GELU_GRAD);
    c.half2 = (variant & ALPHA__VKT_MC_HALF2) != 0;
    c.vw = c.half2 ? 2u : (variant & ALPHA__VKT_MC_VEC4) ? 4u : 1u;
    c.kd = ALPHA__VKT_MS_K; c.sk = ALPHA__VKT_MS_K + 1; c.st = ALPHA__VKT_MC_TILE + 4; c.tk = 1;
    c.buf = ALPHA__VKT_MS_K * c.st; c.loads = ALPHA__VKT_MC_TILE * ALPHA__VKT_MS_K / 256; c.threads = 256;
    c.as = alpha_spirv_shared_array(m, v4, 2 * c.buf / 4);
    c.bs = alpha_spirv_shared_array(m, v4, 2 * c.buf / 4);
    for (i = 0; i < ALPHA__VKT_MS_R * ALPHA__VKT_MS_R; i++) acc[i] = alpha_spirv_local(m, g->f32);   /* locals first: the entry block */
    lid = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInLocalInvocationIndex, -1);
    lx = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInLocalInvocationId, 0);
    ly = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInLocalInvocationId, 1);
    z = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInWorkgroupId, 2);
    /* rows 4 ly + i and 64 + 4 ly + i (i < 4), columns likewise with lx: two 16-byte loads per
       operand per k (a warp's 16 lx read 256 contiguous bytes of B; its 2 ly share A's) */
    for (i = 0; i < ALPHA__VKT_MS_R; i++) {
        rows[i] = alpha_spirv_iadd(m, alpha_spirv_imul(m, ly, alpha__vkt_cu(g, 4)), alpha__vkt_cu(g, (i / 4) * 64 + i % 4));
        cols[i] = alpha_spirv_iadd(m, alpha_spirv_imul(m, lx, alpha__vkt_cu(g, 4)), alpha__vkt_cu(g, (i / 4) * 64 + i % 4));
    }
    for (i = 0; i < ALPHA__VKT_MS_R * ALPHA__VKT_MS_R; i++) alpha_spirv_store(m, acc[i], fz);
    kbeg = alpha__vkt_mc_begin(g, &c, lid, z, 1, va, vb);
    ba = alpha__vkt_mc_step_begin(g, &c, kbeg, 1, va, vb, &cur);
    /* the step's k past K are zeros: adding 0 * 0 = +0 leaves every sum as it was */
    for (t = 0; t < ALPHA__VKT_MS_K; t++) {
        uint32_t a_v[ALPHA__VKT_MS_R], b_v[ALPHA__VKT_MS_R], h;
        for (h = 0; h < 2; h++) {
            uint32_t ea = alpha_spirv_iadd(m, ba, alpha__vkt_mc_sh(g, &c, 0, rows[4 * h], alpha__vkt_cu(g, t)));
            uint32_t eb = alpha_spirv_iadd(m, ba, alpha__vkt_mc_sh(g, &c, 1, cols[4 * h], alpha__vkt_cu(g, t)));
            uint32_t a4 = alpha__vkt_v4_load(g, c.as, ea), b4 = alpha__vkt_v4_load(g, c.bs, eb);
            for (i = 0; i < 4; i++) { a_v[4 * h + i] = alpha_spirv_extract(m, a4, i); b_v[4 * h + i] = alpha_spirv_extract(m, b4, i); }
        }
        for (i = 0; i < ALPHA__VKT_MS_R; i++)
            for (j = 0; j < ALPHA__VKT_MS_R; j++)
                alpha_spirv_store(m, acc[ALPHA__VKT_MS_R * i + j],
                                  alpha_spirv_fadd(m, alpha_spirv_load(m, acc[ALPHA__VKT_MS_R * i + j]), alpha_spirv_fmul(m, a_v[i], b_v[j])));
    }
    alpha__vkt_mc_step_end(g, &c, cur, va, vb);
    for (i = 0; i < ALPHA__VKT_MS_R; i++)
        for (j = 0; j < ALPHA__VKT_MS_R; j++)
            alpha__vkt_mc_store_c(g, &c, z, rows[i], cols[j], alpha_spirv_load(m, acc[ALPHA__VKT_MS_R * i + j]));
}

/* Fused attention (see ATTN above), generated for one head size D: the per-row sums live in D
   f32 locals each (registers, not an indexed array) and the loops over D are unrolled. va, vb:
   the caller's D locals each, sm, sl: f32 locals (all declared in the entry block). */
static uint32_t alpha__vkt_row_base(alpha__vkt_gen *g, uint32_t first_word, uint32_t b, uint32_t h, uint32_t t) {
    alpha_spirv_module *m = g->m;
    uint32_t o = alpha_spirv_iadd(m, alpha__vkt_pc(g, first_word), alpha_spirv_imul(m, b, alpha__vkt_pc(g, first_word + 1)));
    o = alpha_spirv_iadd(m, o, alpha_spirv_imul(m, h, alpha__vkt_pc(g, first_word + 2)));
    return alpha_spirv_iadd(m, o, alpha_spirv_imul(m, t, alpha__vkt_pc(g, first_word + 3)));
}
/* loads row[0..D) into vals (SSA values); with g->vec4 (base and D multiples of 4) 16 bytes at a time */
static void alpha__vkt_load_row(alpha__vkt_gen *g, uint32_t base, uint32_t D, uint32_t *vals) {
    uint32_t d, i;
    if (g->vec4) {
        for (d = 0; d < D; d += 4) {
            uint32_t w = alpha__vkt_ld4(g, alpha_spirv_iadd(g->m, base, alpha__vkt_cu(g, d)));
            for (i = 0; i < 4; i++) vals[d + i] = alpha_spirv_bitcast(g->m, g->f32, alpha_spirv_extract(g->m, w, i));
        }
        return;
    }
    for (d = 0; d < D; d++) vals[d] = alpha__vkt_ldf(g, alpha_spirv_iadd(g->m, base, alpha__vkt_cu(g, d)));
}
static uint32_t alpha__vkt_dot_vals(alpha__vkt_gen *g, const uint32_t *a, const uint32_t *b, uint32_t D) {
    uint32_t d, s = alpha_spirv_fmul(g->m, a[0], b[0]);
    for (d = 1; d < D; d++) s = alpha_spirv_fadd(g->m, s, alpha_spirv_fmul(g->m, a[d], b[d]));
    return s;
}
/* a pair's sum of v (the other invocation of the pair: lane ^ 1); v itself without PAIR */
static uint32_t alpha__vkt_pair_sum(alpha__vkt_gen *g, uint32_t pair, uint32_t v) {
    return pair ? alpha_spirv_fadd(g->m, v, alpha_spirv_subgroup_shuffle_xor(g->m, v, alpha__vkt_cu(g, 1))) : v;
}
static void alpha__vkt_gen_attention(alpha__vkt_gen *g, int kind, alpha_op op, uint32_t idx, uint32_t variant, const uint32_t *va,
                                     const uint32_t *vb, uint32_t sm, uint32_t sl) {
    alpha_spirv_module *m = g->m;
    uint32_t D = variant & ALPHA__VKT_ATTN_D, pair = (variant & ALPHA__VKT_ATTN_PAIR) != 0, half = alpha__vkt_cu(g, 0);
    if (pair) {   /* invocations 2 r and 2 r + 1 share key row r (see the key-row branch) */
        half = alpha_spirv_imul(m, alpha_spirv_band(m, idx, alpha__vkt_cu(g, 1)), alpha__vkt_cu(g, D / 2));
        idx = alpha_spirv_shr(m, idx, alpha__vkt_cu(g, 1));
    }
    uint32_t H = alpha__vkt_pc(g, 1), T = alpha__vkt_pc(g, 2), S = alpha__vkt_pc(g, 3), scale = alpha__vkt_pcf(g, 5);
    uint32_t zero = alpha__vkt_cu(g, 0), one = alpha__vkt_cu(g, 1), fz = alpha__vkt_cf(g, 0.0f), len = kind == ALPHA__VKT_ATTNKV ? S : T;
    uint32_t r = alpha_spirv_umod(m, idx, len), h = alpha_spirv_umod(m, alpha_spirv_udiv(m, idx, len), H), cD = alpha__vkt_cu(g, D);
    uint32_t b = alpha_spirv_udiv(m, idx, alpha_spirv_imul(m, len, H)), d, j, p, ds;
    uint32_t x[ALPHA_ATTENTION_MAX_D], y[ALPHA_ATTENTION_MAX_D], u[ALPHA_ATTENTION_MAX_D], w[ALPHA_ATTENTION_MAX_D];
    for (d = 0; d < D; d++) { alpha_spirv_store(m, va[d], fz); alpha_spirv_store(m, vb[d], fz); }
    if (kind == ALPHA__VKT_ATTN) {   /* PAIR as for key rows below: each invocation of a pair holds half of D */
        uint32_t last1 = alpha_spirv_isub(m, alpha_spirv_iadd(m, r, S), alpha_spirv_isub(m, T, one)), Dh = pair ? D / 2 : D;
        uint32_t go = alpha_spirv_iadd(m, alpha_spirv_iadd(m, alpha__vkt_pc(g, 20), alpha_spirv_imul(m, idx, cD)), half);
        uint32_t ob = alpha_spirv_iadd(m, alpha_spirv_iadd(m, alpha__vkt_pc(g, 18), alpha_spirv_imul(m, idx, cD)), half), delta = 0, lse = 0;
        alpha__vkt_load_row(g, alpha_spirv_iadd(m, alpha__vkt_row_base(g, 6, b, h, r), half), Dh, x);   /* q_r, kept in registers */
        if (op == ALPHA_OP_ATTENTION) {
            alpha_spirv_store(m, sm, alpha__vkt_bits(g, 0xFF800000u));   /* running max: -inf */
            alpha_spirv_store(m, sl, fz);
        } else {
            alpha__vkt_load_row(g, go, Dh, y);                              /* go_r */
            alpha__vkt_load_row(g, ob, Dh, u);                              /* o_r */
            delta = alpha__vkt_pair_sum(g, pair, alpha__vkt_dot_vals(g, y, u, Dh));
            lse = alpha__vkt_ldf(g, alpha_spirv_iadd(m, alpha__vkt_pc(g, 19), idx));
        }
        j = alpha_spirv_for_begin(m, zero, last1, one);   /* keys 0 .. r + S - T */
        alpha__vkt_load_row(g, alpha_spirv_iadd(m, alpha__vkt_row_base(g, 10, b, h, j), half), Dh, u);   /* k_j */
        alpha__vkt_load_row(g, alpha_spirv_iadd(m, alpha__vkt_row_base(g, 14, b, h, j), half), Dh, w);   /* v_j */
        {
            uint32_t sc = alpha_spirv_fmul(m, scale, alpha__vkt_pair_sum(g, pair, alpha__vkt_dot_vals(g, x, u, Dh)));
            if (op == ALPHA_OP_ATTENTION) {   /* online softmax: rescale what was summed by exp(m - m_new) */
                uint32_t mo = alpha_spirv_load(m, sm), mn = alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450FMax, 2, mo, sc);
                uint32_t c = alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Exp, alpha_spirv_fsub(m, mo, mn));
                p = alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Exp, alpha_spirv_fsub(m, sc, mn));
                alpha_spirv_store(m, sl, alpha_spirv_fadd(m, alpha_spirv_fmul(m, alpha_spirv_load(m, sl), c), p));
                for (d = 0; d < Dh; d++)
                    alpha_spirv_store(m, va[d], alpha_spirv_fadd(m, alpha_spirv_fmul(m, alpha_spirv_load(m, va[d]), c), alpha_spirv_fmul(m, p, w[d])));
                alpha_spirv_store(m, sm, mn);
            } else {   /* gq += p (go.v - delta) k */
                p = alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Exp, alpha_spirv_fsub(m, sc, lse));
                ds = alpha_spirv_fmul(m, p, alpha_spirv_fsub(m, alpha__vkt_pair_sum(g, pair, alpha__vkt_dot_vals(g, y, w, Dh)), delta));
                for (d = 0; d < Dh; d++)
                    alpha_spirv_store(m, va[d], alpha_spirv_fadd(m, alpha_spirv_load(m, va[d]), alpha_spirv_fmul(m, ds, u[d])));
            }
        }
        alpha_spirv_for_end(m);
        if (op == ALPHA_OP_ATTENTION) {
            uint32_t l = alpha_spirv_load(m, sl), lse_v;
            for (d = 0; d < Dh; d++) alpha__vkt_stf(g, alpha_spirv_iadd(m, ob, alpha__vkt_cu(g, d)), alpha_spirv_fdiv(m, alpha_spirv_load(m, va[d]), l));
            lse_v = alpha_spirv_fadd(m, alpha_spirv_load(m, sm), alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Log, l));
            alpha_spirv_if_begin(m, alpha_spirv_ieq(m, half, zero));   /* one store per row */
            alpha__vkt_stf(g, alpha_spirv_iadd(m, alpha__vkt_pc(g, 19), idx), lse_v);
            alpha_spirv_if_end(m);
        } else {
            uint32_t out = alpha_spirv_iadd(m, alpha_spirv_iadd(m, alpha__vkt_pc(g, 21), alpha_spirv_imul(m, idx, cD)), half);
            for (d = 0; d < Dh; d++) alpha__vkt_stf(g, alpha_spirv_iadd(m, out, alpha__vkt_cu(g, d)), alpha_spirv_fmul(m, scale, alpha_spirv_load(m, va[d])));
            alpha_spirv_if_begin(m, alpha_spirv_ieq(m, half, zero));
            alpha__vkt_stf(g, alpha_spirv_iadd(m, alpha__vkt_pc(g, 22), idx), delta);
            alpha_spirv_if_end(m);
        }
    } else {   /* key row r: gk = scale sum_i p (go_i.v - delta_i) q_i, gv = sum_i p go_i over queries i >= r - (S - T).
                  PAIR: k_r, v_r, gk, gv are 4 D registers (spilled on the H100 at D = 64); two
                  invocations per row each hold the half of D at offset `half` and add their
                  partial dot products with a subgroup shuffle */
        uint32_t shift = alpha_spirv_isub(m, S, T), qr, go, out, i, valid, Dh = pair ? D / 2 : D;
        uint32_t first = alpha_spirv_select(m, alpha_spirv_ige(m, r, shift), alpha_spirv_isub(m, r, shift), zero);
        /* the loop starts at first rounded down to a multiple of 32 (masking the queries before
           first): neighbouring key rows then walk the same query rows in step, so a subgroup's
           loads of q_i and go_i are one broadcast instead of 32 different rows */
        uint32_t start = alpha_spirv_band(m, first, alpha__vkt_cu(g, ~31u));
        alpha__vkt_load_row(g, alpha_spirv_iadd(m, alpha__vkt_row_base(g, 10, b, h, r), half), Dh, u);   /* k_r */
        alpha__vkt_load_row(g, alpha_spirv_iadd(m, alpha__vkt_row_base(g, 14, b, h, r), half), Dh, w);   /* v_r */
        i = alpha_spirv_for_begin(m, start, T, one);
        valid = alpha_spirv_ige(m, i, first);
        qr = alpha_spirv_iadd(m, alpha_spirv_imul(m, alpha_spirv_iadd(m, alpha_spirv_imul(m, b, H), h), T), i);
        go = alpha_spirv_iadd(m, alpha_spirv_iadd(m, alpha__vkt_pc(g, 20), alpha_spirv_imul(m, qr, cD)), half);
        alpha__vkt_load_row(g, alpha_spirv_iadd(m, alpha__vkt_row_base(g, 6, b, h, i), half), Dh, x);    /* q_i */
        alpha__vkt_load_row(g, go, Dh, y);                                                                 /* go_i */
        p = alpha_spirv_fmul(m, scale, alpha__vkt_pair_sum(g, pair, alpha__vkt_dot_vals(g, x, u, Dh)));
        p = alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Exp, alpha_spirv_fsub(m, p, alpha__vkt_ldf(g, alpha_spirv_iadd(m, alpha__vkt_pc(g, 19), qr))));
        p = alpha_spirv_select(m, valid, p, alpha__vkt_cf(g, 0.0f));   /* a masked (future) key: exactly 0, never inf * 0 */
        ds = alpha__vkt_pair_sum(g, pair, alpha__vkt_dot_vals(g, y, w, Dh));
        ds = alpha_spirv_fmul(m, p, alpha_spirv_fsub(m, ds, alpha__vkt_ldf(g, alpha_spirv_iadd(m, alpha__vkt_pc(g, 22), qr))));
        for (d = 0; d < Dh; d++) {
            alpha_spirv_store(m, va[d], alpha_spirv_fadd(m, alpha_spirv_load(m, va[d]), alpha_spirv_fmul(m, ds, x[d])));
            alpha_spirv_store(m, vb[d], alpha_spirv_fadd(m, alpha_spirv_load(m, vb[d]), alpha_spirv_fmul(m, p, y[d])));
        }
        alpha_spirv_for_end(m);
        out = alpha_spirv_iadd(m, alpha_spirv_iadd(m, alpha__vkt_pc(g, 21), alpha_spirv_imul(m, idx, alpha__vkt_cu(g, 2 * D))), half);
        for (d = 0; d < Dh; d++) {
            alpha__vkt_stf(g, alpha_spirv_iadd(m, out, alpha__vkt_cu(g, d)), alpha_spirv_fmul(m, scale, alpha_spirv_load(m, va[d])));
            alpha__vkt_stf(g, alpha_spirv_iadd(m, out, alpha__vkt_cu(g, D + d)), alpha_spirv_load(m, vb[d]));
        }
    }
}

/* Tiled (flash) attention for head sizes 16, 32 and 64 with S >= T: the same sums as ATTN
   above, blocked through shared memory. FA: a workgroup owns R query rows of one (b, h) (op
   ATTENTION: online softmax forward, saving the log-sum-exp; op ATTENTION_BACKWARD: gq and
   delta); FAKV: R key rows (gk and gv). Each walks the other side in blocks of Bs = 32 rows:
   invocation (rg, cg), lid = rg + R/4 cg, computes the dot products of its rows rg + R/4 i
   (i < 4) with the block's rows cg + NC c (c < CS = Bs/NC, NC = D/4), and accumulates the
   outputs of rows 4 rg + i at columns 4 cg + c (c < 4). Shared tiles are arrays of f32 vec4
   read 16 bytes at a time (2 loads per 16 FMAs; scalar loads, 6 per 8 FMAs in the dot
   products, were 10% slower on the H100); tile rows are D + 4 words long (the strided rows a
   subgroup reads in the dot products fall in distinct banks). Blocks of 64 for the forward
   measured the same on the H100 (12.2 against 11.5 ms per 3 gpt2 steps), and 16 rows per
   workgroup slower (14.2): 32 and 32 where the shared memory allows. Words as ATTN. */
#define ALPHA__VKT_FA_R16 0x100u    /* variant bit: 16 rows per workgroup (else 32); the rest is D */
typedef struct alpha__vkt_fa {
    uint32_t D, NC, R, Bs, CS, P, inv;               /* sizes (constants of the variant) */
    uint32_t lid, rg, cg, b, h, r0, bh, H, T, S, scale;   /* SSA values of the workgroup */
} alpha__vkt_fa;
static void alpha__vkt_fa_sizes(uint32_t variant, alpha__vkt_fa *f) {
    f->D = variant & 0xFFu; f->NC = f->D / 4;
    f->R = variant & ALPHA__VKT_FA_R16 ? 16u : 32u;
    f->Bs = 32u;
    f->CS = f->Bs / f->NC; f->P = f->D + 4; f->inv = f->R / 4 * f->NC;
}
/* shared f32 words a kernel needs (alpha__vkt_fa_variant checks them against the device) */
static uint32_t alpha__vkt_fa_shared(int kind, alpha_op op, const alpha__vkt_fa *f) {
    uint32_t bp = f->Bs * f->P, br = f->Bs * f->R, blk = bp > br ? bp : br;
    if (kind != ALPHA__VKT_FA) return 2 * f->R * f->P + 2 * bp + 2 * br + 2 * f->Bs;   /* K V | Q dO | P dS | lse delta */
    if (op == ALPHA_OP_ATTENTION) return f->R * f->P + blk + bp + f->R;                /* Q | K, then P | V | rescale */
    return 2 * f->R * f->P + bp + blk + 2 * f->R;                                      /* Q dO | K | V, then dS | lse delta */
}
/* word of row t (of b, h) of source src: q, k, v (words 6, 10, 14) through their strides; o, go
   (words 18, 20) are [B, H, T, D] */
static uint32_t alpha__vkt_fa_row(alpha__vkt_gen *g, const alpha__vkt_fa *f, uint32_t src, uint32_t t) {
    alpha_spirv_module *m = g->m;
    if (src < 18) return alpha__vkt_row_base(g, src, f->b, f->h, t);
    return alpha_spirv_iadd(m, alpha__vkt_pc(g, src), alpha_spirv_imul(m, alpha_spirv_iadd(m, alpha_spirv_imul(m, f->bh, f->T), t), alpha__vkt_cu(g, f->D)));
}
/* rows t0 .. t0 + rows of src into sh[row P + d] (zeros past len; the load clamps to row len - 1) */
static void alpha__vkt_fa_load(alpha__vkt_gen *g, const alpha__vkt_fa *f, uint32_t sh, uint32_t src, uint32_t t0, uint32_t len, uint32_t rows) {
    alpha_spirv_module *m = g->m;
    uint32_t q, last = alpha_spirv_isub(m, len, alpha__vkt_cu(g, 1));
    for (q = 0; q < rows * f->D / f->inv; q++) {
        uint32_t e = alpha_spirv_iadd(m, f->lid, alpha__vkt_cu(g, f->inv * q));
        uint32_t row = alpha_spirv_udiv(m, e, alpha__vkt_cu(g, f->D)), d = alpha_spirv_umod(m, e, alpha__vkt_cu(g, f->D));
        uint32_t t = alpha_spirv_iadd(m, t0, row), tc = alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450UMin, 2, t, last);
        uint32_t v = alpha__vkt_ldf(g, alpha_spirv_iadd(m, alpha__vkt_fa_row(g, f, src, tc), d));
        v = alpha_spirv_select(m, alpha_spirv_ilt(m, t, len), v, alpha__vkt_cf(g, 0.0f));
        alpha_spirv_store(m, alpha__vkt_v4_at(g, sh, alpha_spirv_iadd(m, alpha_spirv_imul(m, row, alpha__vkt_cu(g, f->P)), d)), v);
    }
}
static uint32_t alpha__vkt_fa_sh(alpha__vkt_gen *g, uint32_t sh, uint32_t idx) { return alpha_spirv_load(g->m, alpha_spirv_access(g->m, sh, 1, idx)); }
/* this invocation's row i (of R) and block row c (of Bs) */
static uint32_t alpha__vkt_fa_ri(alpha__vkt_gen *g, const alpha__vkt_fa *f, uint32_t i) { return alpha_spirv_iadd(g->m, f->rg, alpha__vkt_cu(g, f->R / 4 * i)); }
static uint32_t alpha__vkt_fa_cj(alpha__vkt_gen *g, const alpha__vkt_fa *f, uint32_t c) { return alpha_spirv_iadd(g->m, f->cg, alpha__vkt_cu(g, f->NC * c)); }
/* acc[i CS + c] = sum_d A[ri P + d] B[cj P + d] (A: the workgroup's rows, B: the block's), d in order */
static void alpha__vkt_fa_dots(alpha__vkt_gen *g, const alpha__vkt_fa *f, uint32_t A, uint32_t B, const uint32_t *acc) {
    alpha_spirv_module *m = g->m;
    uint32_t i, c, d, e, ab[4], bb[16], a[4], bv[16], cP = alpha__vkt_cu(g, f->P);
    for (i = 0; i < 4; i++) ab[i] = alpha_spirv_imul(m, alpha__vkt_fa_ri(g, f, i), cP);
    for (c = 0; c < f->CS; c++) bb[c] = alpha_spirv_imul(m, alpha__vkt_fa_cj(g, f, c), cP);
    for (i = 0; i < 4 * f->CS; i++) alpha_spirv_store(m, acc[i], alpha__vkt_cf(g, 0.0f));
    d = alpha_spirv_for_begin(m, alpha__vkt_cu(g, 0), alpha__vkt_cu(g, f->D), alpha__vkt_cu(g, 4));
    for (i = 0; i < 4; i++) a[i] = alpha__vkt_v4_load(g, A, alpha_spirv_iadd(m, ab[i], d));
    for (c = 0; c < f->CS; c++) bv[c] = alpha__vkt_v4_load(g, B, alpha_spirv_iadd(m, bb[c], d));
    for (e = 0; e < 4; e++)
        for (i = 0; i < 4; i++)
            for (c = 0; c < f->CS; c++)
                alpha_spirv_store(m, acc[i * f->CS + c], alpha_spirv_fadd(m, alpha_spirv_load(m, acc[i * f->CS + c]),
                                  alpha_spirv_fmul(m, alpha_spirv_extract(m, a[i], e), alpha_spirv_extract(m, bv[c], e))));
    alpha_spirv_for_end(m);
}
/* acc[i 4 + c] += sum_j W[j R + 4 rg + i] X[j P + 4 cg + c] over the block's rows j, in order */
static void alpha__vkt_fa_accumulate(alpha__vkt_gen *g, const alpha__vkt_fa *f, uint32_t W, uint32_t X, const uint32_t *acc) {
    alpha_spirv_module *m = g->m;
    uint32_t i, c, j, w, x, r4 = alpha_spirv_imul(m, f->rg, alpha__vkt_cu(g, 4)), c4 = alpha_spirv_imul(m, f->cg, alpha__vkt_cu(g, 4));
    j = alpha_spirv_for_begin(m, alpha__vkt_cu(g, 0), alpha__vkt_cu(g, f->Bs), alpha__vkt_cu(g, 1));
    w = alpha__vkt_v4_load(g, W, alpha_spirv_iadd(m, alpha_spirv_imul(m, j, alpha__vkt_cu(g, f->R)), r4));
    x = alpha__vkt_v4_load(g, X, alpha_spirv_iadd(m, alpha_spirv_imul(m, j, alpha__vkt_cu(g, f->P)), c4));
    for (i = 0; i < 4; i++)
        for (c = 0; c < 4; c++)
            alpha_spirv_store(m, acc[i * 4 + c], alpha_spirv_fadd(m, alpha_spirv_load(m, acc[i * 4 + c]),
                              alpha_spirv_fmul(m, alpha_spirv_extract(m, w, i), alpha_spirv_extract(m, x, c))));
    alpha_spirv_for_end(m);
}
/* the accumulated outputs' row i (of R) */
static uint32_t alpha__vkt_fa_ro(alpha__vkt_gen *g, const alpha__vkt_fa *f, uint32_t i) {
    return alpha_spirv_iadd(g->m, alpha_spirv_imul(g->m, f->rg, alpha__vkt_cu(g, 4)), alpha__vkt_cu(g, i));
}
/* stores this invocation's outputs acc[i 4 + c] * s[i] at word base(row) + col + 4 cg + c of rows r0 + 4 rg + i < len */
static void alpha__vkt_fa_store(alpha__vkt_gen *g, const alpha__vkt_fa *f, uint32_t out, uint32_t width, uint32_t col, uint32_t len,
                                const uint32_t *acc, const uint32_t *s) {
    alpha_spirv_module *m = g->m;
    uint32_t i, c;
    for (i = 0; i < 4; i++) {
        uint32_t row = alpha_spirv_iadd(m, f->r0, alpha__vkt_fa_ro(g, f, i));
        uint32_t base = alpha_spirv_iadd(m, out, alpha_spirv_imul(m, alpha_spirv_iadd(m, alpha_spirv_imul(m, f->bh, len), row), alpha__vkt_cu(g, width)));
        alpha_spirv_if_begin(m, alpha_spirv_ilt(m, row, len));
        for (c = 0; c < 4; c++)
            alpha__vkt_stf(g, alpha_spirv_iadd(m, base, alpha_spirv_iadd(m, col, alpha_spirv_iadd(m, alpha_spirv_imul(m, f->cg, alpha__vkt_cu(g, 4)), alpha__vkt_cu(g, c)))),
                           alpha_spirv_fmul(m, alpha_spirv_load(m, acc[i * 4 + c]), s[i]));
        alpha_spirv_if_end(m);
    }
}
/* whether the workgroup's row ri and block row cj (absolute: row, j) are a causal pair: key
   j <= query row + S - T (FA: rows are queries), and both in range */
static uint32_t alpha__vkt_fa_valid(alpha__vkt_gen *g, const alpha__vkt_fa *f, int kind, uint32_t row, uint32_t j) {
    alpha_spirv_module *m = g->m;
    uint32_t qi = kind == ALPHA__VKT_FA ? row : j, kj = kind == ALPHA__VKT_FA ? j : row;
    uint32_t ok = alpha_spirv_ile(m, kj, alpha_spirv_isub(m, alpha_spirv_iadd(m, qi, f->S), f->T));
    return alpha_spirv_land(m, ok, alpha_spirv_land(m, alpha_spirv_ilt(m, qi, f->T), alpha_spirv_ilt(m, kj, f->S)));
}
static void alpha__vkt_gen_flash(alpha__vkt_gen *g, int kind, alpha_op op, uint32_t variant) {
    alpha_spirv_module *m = g->m;
    alpha__vkt_fa f;
    uint32_t acc[16], acc2[16], sacc[64], pacc[64], mrow, lrow, dsum, i, c, w, nb, blk, total, jb, len;
    uint32_t zero, one, fz = alpha__vkt_cf(g, 0.0f), ninf = alpha__vkt_bits(g, 0xFF800000u), v4 = alpha_spirv_type_vector(m, g->f32, 4);
    uint32_t A0 = 0, A1 = 0, B0 = 0, B1 = 0, W0 = 0, W1 = 0, LS = 0, DL = 0, s[4];
    alpha__vkt_fa_sizes(variant, &f);
    for (i = 0; i < 16; i++) { acc[i] = alpha_spirv_local(m, g->f32); acc2[i] = alpha_spirv_local(m, g->f32); }
    for (i = 0; i < 4 * f.CS; i++) { sacc[i] = alpha_spirv_local(m, g->f32); pacc[i] = alpha_spirv_local(m, g->f32); }
    mrow = alpha_spirv_local(m, g->f32); lrow = alpha_spirv_local(m, g->f32); dsum = alpha_spirv_local(m, g->f32);
    zero = alpha__vkt_cu(g, 0); one = alpha__vkt_cu(g, 1);
    /* shared tiles (see alpha__vkt_fa_shared): A0 A1 the workgroup's rows, B0 B1 the block's, W0 W1 the block's weights */
    if (kind == ALPHA__VKT_FA && op == ALPHA_OP_ATTENTION) {
        uint32_t bp = f.Bs * f.P, br = f.Bs * f.R;
        A0 = alpha_spirv_shared_array(m, v4, f.R * f.P / 4);
        B0 = W0 = alpha_spirv_shared_array(m, v4, (bp > br ? bp : br) / 4);   /* K, then P */
        B1 = alpha_spirv_shared_array(m, v4, bp / 4);
        LS = alpha_spirv_shared_array(m, g->f32, f.R);                    /* the rows' rescale factors, then their sums */
    } else if (kind == ALPHA__VKT_FA) {
        uint32_t bp = f.Bs * f.P, br = f.Bs * f.R;
        A0 = alpha_spirv_shared_array(m, v4, f.R * f.P / 4); A1 = alpha_spirv_shared_array(m, v4, f.R * f.P / 4);
        B0 = alpha_spirv_shared_array(m, v4, bp / 4);
        B1 = W0 = alpha_spirv_shared_array(m, v4, (bp > br ? bp : br) / 4);   /* V, then dS */
        LS = alpha_spirv_shared_array(m, g->f32, f.R); DL = alpha_spirv_shared_array(m, g->f32, f.R);
    } else {
        A0 = alpha_spirv_shared_array(m, v4, f.R * f.P / 4); A1 = alpha_spirv_shared_array(m, v4, f.R * f.P / 4);
        B0 = alpha_spirv_shared_array(m, v4, f.Bs * f.P / 4); B1 = alpha_spirv_shared_array(m, v4, f.Bs * f.P / 4);
        W0 = alpha_spirv_shared_array(m, v4, f.Bs * f.R / 4); W1 = alpha_spirv_shared_array(m, v4, f.Bs * f.R / 4);
        LS = alpha_spirv_shared_array(m, g->f32, f.Bs); DL = alpha_spirv_shared_array(m, g->f32, f.Bs);
    }
    f.lid = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInLocalInvocationIndex, -1);
    f.rg = alpha_spirv_umod(m, f.lid, alpha__vkt_cu(g, f.R / 4)); f.cg = alpha_spirv_udiv(m, f.lid, alpha__vkt_cu(g, f.R / 4));
    f.H = alpha__vkt_pc(g, 1); f.T = alpha__vkt_pc(g, 2); f.S = alpha__vkt_pc(g, 3); f.scale = alpha__vkt_pcf(g, 5);
    len = kind == ALPHA__VKT_FA ? f.T : f.S;
    /* workgroup w: block blk of (b, h) = w / nb; queries: the last (longest) blocks first */
    w = alpha_spirv_iadd(m, alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInWorkgroupId, 0),
                         alpha_spirv_imul(m, alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInWorkgroupId, 1),
                                          alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInNumWorkgroups, 0)));
    nb = alpha_spirv_udiv(m, alpha_spirv_iadd(m, len, alpha__vkt_cu(g, f.R - 1)), alpha__vkt_cu(g, f.R));
    total = alpha_spirv_imul(m, nb, alpha_spirv_udiv(m, alpha__vkt_pc(g, 0), len));   /* word 0: B H len rows */
    alpha_spirv_if_begin(m, alpha_spirv_ilt(m, w, total));
    blk = alpha_spirv_umod(m, w, nb);
    if (kind == ALPHA__VKT_FA) blk = alpha_spirv_isub(m, alpha_spirv_isub(m, nb, one), blk);
    f.bh = alpha_spirv_udiv(m, w, nb); f.b = alpha_spirv_udiv(m, f.bh, f.H); f.h = alpha_spirv_umod(m, f.bh, f.H);
    f.r0 = alpha_spirv_imul(m, blk, alpha__vkt_cu(g, f.R));
    for (i = 0; i < 16; i++) { alpha_spirv_store(m, acc[i], fz); alpha_spirv_store(m, acc2[i], fz); }
    if (kind == ALPHA__VKT_FA) {
        alpha__vkt_fa_load(g, &f, A0, 6, f.r0, f.T, f.R);                       /* q rows */
        if (op == ALPHA_OP_ATTENTION_BACKWARD) {
            alpha__vkt_fa_load(g, &f, A1, 20, f.r0, f.T, f.R);                  /* go rows */
            alpha_spirv_workgroup_barrier(m);
            alpha_spirv_if_begin(m, alpha_spirv_ilt(m, f.lid, alpha__vkt_cu(g, f.R)));   /* delta = go . o and lse of row lid */
            {
                uint32_t row = alpha_spirv_iadd(m, f.r0, f.lid), rc = alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450UMin, 2, row, alpha_spirv_isub(m, f.T, one));
                uint32_t orow = alpha__vkt_fa_row(g, &f, 18, rc), qr = alpha_spirv_iadd(m, alpha_spirv_imul(m, f.bh, f.T), rc), d, go0 = alpha_spirv_imul(m, f.lid, alpha__vkt_cu(g, f.P));
                alpha_spirv_store(m, dsum, fz);
                d = alpha_spirv_for_begin(m, zero, alpha__vkt_cu(g, f.D), one);
                alpha_spirv_store(m, dsum, alpha_spirv_fadd(m, alpha_spirv_load(m, dsum),
                                  alpha_spirv_fmul(m, alpha_spirv_load(m, alpha__vkt_v4_at(g, A1, alpha_spirv_iadd(m, go0, d))), alpha__vkt_ldf(g, alpha_spirv_iadd(m, orow, d)))));
                alpha_spirv_for_end(m);
                alpha_spirv_store(m, alpha_spirv_access(m, DL, 1, f.lid), alpha_spirv_load(m, dsum));
                alpha_spirv_store(m, alpha_spirv_access(m, LS, 1, f.lid), alpha__vkt_ldf(g, alpha_spirv_iadd(m, alpha__vkt_pc(g, 19), qr)));
                alpha_spirv_if_begin(m, alpha_spirv_ilt(m, row, f.T));
                alpha__vkt_stf(g, alpha_spirv_iadd(m, alpha__vkt_pc(g, 22), qr), alpha_spirv_load(m, dsum));
                alpha_spirv_if_end(m);
            }
            alpha_spirv_if_end(m);
        } else {
            alpha_spirv_store(m, mrow, ninf);
            alpha_spirv_store(m, lrow, fz);
        }
        /* key blocks up to the last key of the last row: min(r0 + R, T) - 1 + S - T */
        {
            uint32_t end = alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450UMin, 2, alpha_spirv_iadd(m, f.r0, alpha__vkt_cu(g, f.R)), f.T);
            end = alpha_spirv_isub(m, alpha_spirv_iadd(m, end, f.S), f.T);
            jb = alpha_spirv_for_begin(m, zero, end, alpha__vkt_cu(g, f.Bs));
        }
    } else {
        alpha__vkt_fa_load(g, &f, A0, 10, f.r0, f.S, f.R);                      /* k rows */
        alpha__vkt_fa_load(g, &f, A1, 14, f.r0, f.S, f.R);                      /* v rows */
        {   /* query blocks from the first query that sees key r0: r0 - (S - T), down to a block start */
            uint32_t shift = alpha_spirv_isub(m, f.S, f.T);
            uint32_t first = alpha_spirv_select(m, alpha_spirv_ige(m, f.r0, shift), alpha_spirv_isub(m, f.r0, shift), zero);
            first = alpha_spirv_imul(m, alpha_spirv_udiv(m, first, alpha__vkt_cu(g, f.Bs)), alpha__vkt_cu(g, f.Bs));
            jb = alpha_spirv_for_begin(m, first, f.T, alpha__vkt_cu(g, f.Bs));
        }
    }
    alpha_spirv_workgroup_barrier(m);   /* the last block's reads done (and the rows' tiles visible) */
    if (kind == ALPHA__VKT_FA) {
        alpha__vkt_fa_load(g, &f, B0, 10, jb, f.S, f.Bs);                       /* k block */
        alpha__vkt_fa_load(g, &f, B1, 14, jb, f.S, f.Bs);                       /* v block */
    } else {
        uint32_t q;
        alpha__vkt_fa_load(g, &f, B0, 6, jb, f.T, f.Bs);                        /* q block */
        alpha__vkt_fa_load(g, &f, B1, 20, jb, f.T, f.Bs);                       /* go block */
        for (q = 0; q < (f.Bs + f.inv - 1) / f.inv; q++) {   /* the block's lse and delta */
            uint32_t e = alpha_spirv_iadd(m, f.lid, alpha__vkt_cu(g, f.inv * q));
            uint32_t t = alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450UMin, 2, alpha_spirv_iadd(m, jb, e), alpha_spirv_isub(m, f.T, one));
            uint32_t qr = alpha_spirv_iadd(m, alpha_spirv_imul(m, f.bh, f.T), t);
            alpha_spirv_if_begin(m, alpha_spirv_ilt(m, e, alpha__vkt_cu(g, f.Bs)));
            alpha_spirv_store(m, alpha_spirv_access(m, LS, 1, e), alpha__vkt_ldf(g, alpha_spirv_iadd(m, alpha__vkt_pc(g, 19), qr)));
            alpha_spirv_store(m, alpha_spirv_access(m, DL, 1, e), alpha__vkt_ldf(g, alpha_spirv_iadd(m, alpha__vkt_pc(g, 22), qr)));
            alpha_spirv_if_end(m);
        }
    }
    alpha_spirv_workgroup_barrier(m);
    alpha__vkt_fa_dots(g, &f, A0, B0, sacc);                                     /* q.k (FAKV: k.q) */
    if (op == ALPHA_OP_ATTENTION_BACKWARD) alpha__vkt_fa_dots(g, &f, A1, B1, pacc);   /* go.v (FAKV: v.go) */
    if (W0 == B0 || W0 == B1) alpha_spirv_workgroup_barrier(m);                  /* the weights replace a tile just read */
    for (i = 0; i < 4; i++)
        for (c = 0; c < f.CS; c++) {
            uint32_t ri = alpha__vkt_fa_ri(g, &f, i), cj = alpha__vkt_fa_cj(g, &f, c), k = i * f.CS + c;
            uint32_t valid = alpha__vkt_fa_valid(g, &f, kind, alpha_spirv_iadd(m, f.r0, ri), alpha_spirv_iadd(m, jb, cj));
            uint32_t sc = alpha_spirv_fmul(m, f.scale, alpha_spirv_load(m, sacc[k])), at = alpha_spirv_iadd(m, alpha_spirv_imul(m, cj, alpha__vkt_cu(g, f.R)), ri), p, ds;
            if (op == ALPHA_OP_ATTENTION) {
                alpha_spirv_store(m, alpha__vkt_v4_at(g, W0, at), alpha_spirv_select(m, valid, sc, ninf));
                continue;
            }
            {   /* p = exp(s - lse), ds = p (go.v - delta): lse and delta of the query (FA: row i, FAKV: block row c) */
                uint32_t qa = kind == ALPHA__VKT_FA ? ri : cj;
                p = alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Exp, alpha_spirv_fsub(m, sc, alpha__vkt_fa_sh(g, LS, qa)));
                p = alpha_spirv_select(m, valid, p, fz);   /* a masked (future) key: exactly 0, never inf * 0 */
                ds = alpha_spirv_fmul(m, p, alpha_spirv_fsub(m, alpha_spirv_load(m, pacc[k]), alpha__vkt_fa_sh(g, DL, qa)));
                alpha_spirv_store(m, alpha__vkt_v4_at(g, W0, at), ds);
                if (W1) alpha_spirv_store(m, alpha__vkt_v4_at(g, W1, at), p);
            }
        }
    alpha_spirv_workgroup_barrier(m);
    if (op == ALPHA_OP_ATTENTION) {   /* online softmax, one invocation per row: new max, p = exp(s - max), rescale by exp(old - new) */
        uint32_t j, mo, mx, al;
        alpha_spirv_if_begin(m, alpha_spirv_ilt(m, f.lid, alpha__vkt_cu(g, f.R)));
        mo = alpha_spirv_load(m, mrow);
        alpha_spirv_store(m, dsum, mo);
        j = alpha_spirv_for_begin(m, zero, alpha__vkt_cu(g, f.Bs), one);
        alpha_spirv_store(m, dsum, alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450FMax, 2, alpha_spirv_load(m, dsum),
                          alpha_spirv_load(m, alpha__vkt_v4_at(g, W0, alpha_spirv_iadd(m, alpha_spirv_imul(m, j, alpha__vkt_cu(g, f.R)), f.lid)))));
        alpha_spirv_for_end(m);
        mx = alpha_spirv_load(m, dsum);
        al = alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Exp, alpha_spirv_fsub(m, mo, mx));
        alpha_spirv_store(m, lrow, alpha_spirv_fmul(m, alpha_spirv_load(m, lrow), al));
        j = alpha_spirv_for_begin(m, zero, alpha__vkt_cu(g, f.Bs), one);
        {
            uint32_t at = alpha_spirv_iadd(m, alpha_spirv_imul(m, j, alpha__vkt_cu(g, f.R)), f.lid);
            uint32_t p = alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Exp, alpha_spirv_fsub(m, alpha_spirv_load(m, alpha__vkt_v4_at(g, W0, at)), mx));
            alpha_spirv_store(m, alpha__vkt_v4_at(g, W0, at), p);
            alpha_spirv_store(m, lrow, alpha_spirv_fadd(m, alpha_spirv_load(m, lrow), p));
        }
        alpha_spirv_for_end(m);
        alpha_spirv_store(m, mrow, mx);
        alpha_spirv_store(m, alpha_spirv_access(m, LS, 1, f.lid), al);
        alpha_spirv_if_end(m);
        alpha_spirv_workgroup_barrier(m);
        for (i = 0; i < 4; i++) {
            uint32_t al_i = alpha__vkt_fa_sh(g, LS, alpha__vkt_fa_ro(g, &f, i));
            for (c = 0; c < 4; c++) alpha_spirv_store(m, acc[i * 4 + c], alpha_spirv_fmul(m, alpha_spirv_load(m, acc[i * 4 + c]), al_i));
        }
        alpha__vkt_fa_accumulate(g, &f, W0, B1, acc);                            /* o += p v */
    } else if (kind == ALPHA__VKT_FA) {
        alpha__vkt_fa_accumulate(g, &f, W0, B0, acc);                            /* gq += ds k */
    } else {
        alpha__vkt_fa_accumulate(g, &f, W0, B0, acc);                            /* gk += ds q */
        alpha__vkt_fa_accumulate(g, &f, W1, B1, acc2);                           /* gv += p go */
    }
    alpha_spirv_for_end(m);
    for (i = 0; i < 4; i++) s[i] = f.scale;
    if (op == ALPHA_OP_ATTENTION) {   /* o = acc / l, lse = max + log l */
        alpha_spirv_workgroup_barrier(m);
        alpha_spirv_if_begin(m, alpha_spirv_ilt(m, f.lid, alpha__vkt_cu(g, f.R)));
        {
            uint32_t row = alpha_spirv_iadd(m, f.r0, f.lid), l = alpha_spirv_load(m, lrow);
            alpha_spirv_store(m, alpha_spirv_access(m, LS, 1, f.lid), alpha_spirv_fdiv(m, alpha__vkt_cf(g, 1.0f), l));
            alpha_spirv_if_begin(m, alpha_spirv_ilt(m, row, f.T));
            alpha__vkt_stf(g, alpha_spirv_iadd(m, alpha__vkt_pc(g, 19), alpha_spirv_iadd(m, alpha_spirv_imul(m, f.bh, f.T), row)),
                           alpha_spirv_fadd(m, alpha_spirv_load(m, mrow), alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Log, l)));
            alpha_spirv_if_end(m);
        }
        alpha_spirv_if_end(m);
        alpha_spirv_workgroup_barrier(m);
        for (i = 0; i < 4; i++) s[i] = alpha__vkt_fa_sh(g, LS, alpha__vkt_fa_ro(g, &f, i));
        alpha__vkt_fa_store(g, &f, alpha__vkt_pc(g, 18), f.D, zero, f.T, acc, s);
    } else if (kind == ALPHA__VKT_FA) {
        alpha__vkt_fa_store(g, &f, alpha__vkt_pc(g, 21), f.D, zero, f.T, acc, s);
    } else {
        alpha__vkt_fa_store(g, &f, alpha__vkt_pc(g, 21), 2 * f.D, zero, f.S, acc, s);
        for (i = 0; i < 4; i++) s[i] = alpha__vkt_cf(g, 1.0f);
        alpha__vkt_fa_store(g, &f, alpha__vkt_pc(g, 21), 2 * f.D, alpha__vkt_cu(g, f.D), f.S, acc2, s);
    }
    alpha_spirv_if_end(m);
}

/* Flash attention on cooperative matrices (variant bit ALPHA__VKT_FA_COOP, taken with the bf16/f16
   matmul precision; ALPHA__VKT_FA_F16: f16 operands, else bf16), for head sizes 16, 32 and 64
   with S >= T: the ops and words of FA and FAKV above, in that precision like PyTorch's bf16
   attention. A workgroup of 4 subgroups owns 64 rows of one (b, h), 16 per subgroup, and walks
   the other side in blocks of 32 rows. Its own rows stay in registers as A fragments (FA: q and
   go; FAKV: k and v), each block goes into shared memory as 16-bit [row][d] tiles, and per block
   each subgroup
     1. multiplies its rows with the block's (s = q.k and dp = go.v, 16 x 32 each) into its
        staging area (f32 [16][36]: the lanes' 16-byte reads below hit distinct banks),
     2. turns them into the block's weights, lane l owning row l & 15 and columns 16 (l >> 4) ..
        + 15 (the online softmax's row max and sum combine the two lanes of a row by a shuffle):
        forward p = exp(s scale - max); backward p = exp(s scale - lse), ds = p (dp - delta), as
        16-bit [16][40] tiles,
     3. multiplies the weights with the block (o += p v; gq += ds k; gk += ds q, gv += p go).
   The backward's sums need no rescaling and stay in accumulators. The forward's does (each new
   row max rescales o): the block's p v goes through the staging area and each lane keeps its
   half row of o in registers. Outputs leave through the staging area as f32 rows. Masked
   (future) pairs weigh exactly 0. Shared memory: the rows tile 64 x (D + 8) halves, two block
   tiles 32 x (D + 8), 4 staging areas of 1152 f32, 4 (FAKV: 8) weight tiles 16 x 40 halves, the
   block's lse and delta (FAKV): 47.4 KiB at D = 64 for FAKV, within 48. */
#define ALPHA__VKT_FA_COOP 0x200u
#define ALPHA__VKT_FA_F16 0x400u
#define ALPHA__VKT_FA_PRE 0x800u   /* the next block's loads issued before this one's products (one barrier a block, not two) */
#define ALPHA__VKT_FC_R 64u      /* rows per workgroup (4 subgroups of 16) */
#define ALPHA__VKT_FC_BS 32u     /* rows per block of the other side */
#define ALPHA__VKT_FC_SP 36u     /* staging row stride of the scores, f32 */
#define ALPHA__VKT_FC_ST 1152u   /* staging f32 per subgroup: s and dp (2 x 16 x 36), or a [16][D + 4] output */
#define ALPHA__VKT_FC_WP 40u     /* weight tile row stride, halves */
typedef struct alpha__vkt_fc {
    alpha__vkt_fa f;           /* b, h, bh, r0, T, S, H, scale, lid of the workgroup (alpha__vkt_fa's fields) */
    uint32_t D, DF, PD;        /* head size, its 16-wide fragments, the tiles' row stride in halves */
    uint32_t ta, tb, tc;       /* the coopmat types: A, B (16-bit), accumulator (f32) */
    int f16;
    uint32_t sg, row, half;    /* subgroup; the lane's row (lane & 15) and half (lane >> 4) */
    uint32_t rt, st, wt[2], ls, dl;   /* shared: rows and block tiles, staging, weight tiles, lse and delta */
    int pre;                   /* ALPHA__VKT_FA_PRE: the next block's loads in flight while this one multiplies */
    uint32_t st0, wt0;         /* this subgroup's first vec4 of st and uvec4 of each wt */
} alpha__vkt_fc;
static uint32_t alpha__vkt_fc_shared_bytes(int kind, alpha_op op, uint32_t D) {
    uint32_t tiles = (ALPHA__VKT_FC_R + 2 * ALPHA__VKT_FC_BS) * (D + 8) * 2, stage = 4 * ALPHA__VKT_FC_ST * 4;
    uint32_t wt = 4 * 16 * ALPHA__VKT_FC_WP * 2 * (kind == ALPHA__VKT_FAKV ? 2u : 1u);
    (void)op;
    return tiles + stage + wt + 4 * ALPHA__VKT_FC_BS * 4;
}
/* rows t0 .. t0 + rows of src (alpha__vkt_fa_row's words) into the tile at half ho of c->rt as
   16-bit [row][PD] (zeros past len): each invocation converts pairs of neighbouring elements
   into one word. fetch issues the loads (raw: 3 values per word, the pair and whether its row
   is in range), put converts and stores them: apart, the loads are in flight meanwhile. */
static void alpha__vkt_fc_fetch(alpha__vkt_gen *g, const alpha__vkt_fc *c, uint32_t src, uint32_t t0, uint32_t len, uint32_t rows, uint32_t *raw) {
    alpha_spirv_module *m = g->m;
    uint32_t q, hw = c->D / 2, last = alpha_spirv_isub(m, len, alpha__vkt_cu(g, 1));
    for (q = 0; q < rows * hw / 128; q++) {
        uint32_t w = alpha_spirv_iadd(m, c->f.lid, alpha__vkt_cu(g, 128 * q));
        uint32_t r = alpha_spirv_udiv(m, w, alpha__vkt_cu(g, hw)), p = alpha_spirv_umod(m, w, alpha__vkt_cu(g, hw));
        uint32_t t = alpha_spirv_iadd(m, t0, r);
        uint32_t at = alpha_spirv_iadd(m, alpha__vkt_fa_row(g, &c->f, src, alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450UMin, 2, t, last)), alpha_spirv_imul(m, p, alpha__vkt_cu(g, 2)));
        raw[3 * q] = alpha__vkt_ldu(g, at);
        raw[3 * q + 1] = alpha__vkt_ldu(g, alpha_spirv_iadd(m, at, alpha__vkt_cu(g, 1)));
        raw[3 * q + 2] = alpha_spirv_ilt(m, t, len);
    }
}
static void alpha__vkt_fc_put(alpha__vkt_gen *g, const alpha__vkt_fc *c, uint32_t ho, uint32_t rows, const uint32_t *raw) {
    alpha_spirv_module *m = g->m;
    uint32_t q, hw = c->D / 2, wo = alpha_spirv_shr(m, ho, alpha__vkt_cu(g, 1));
    for (q = 0; q < rows * hw / 128; q++) {
        uint32_t w = alpha_spirv_iadd(m, c->f.lid, alpha__vkt_cu(g, 128 * q));
        uint32_t r = alpha_spirv_udiv(m, w, alpha__vkt_cu(g, hw)), p = alpha_spirv_umod(m, w, alpha__vkt_cu(g, hw));
        uint32_t lo = c->f16 ? alpha__vkt_gen_f32_to_f16(g, raw[3 * q]) : alpha__vkt_gen_f32_to_bf16(g, raw[3 * q]);
        uint32_t hi = c->f16 ? alpha__vkt_gen_f32_to_f16(g, raw[3 * q + 1]) : alpha__vkt_gen_f32_to_bf16(g, raw[3 * q + 1]);
        uint32_t word = alpha_spirv_select(m, raw[3 * q + 2], alpha_spirv_bor(m, lo, alpha_spirv_shl(m, hi, alpha__vkt_cu(g, 16))), alpha__vkt_cu(g, 0));
        alpha_spirv_store(m, alpha__vkt_v4_at(g, c->rt, alpha_spirv_iadd(m, wo, alpha_spirv_iadd(m, alpha_spirv_imul(m, r, alpha__vkt_cu(g, c->PD / 2)), p))), word);
    }
}
static void alpha__vkt_fc_load(alpha__vkt_gen *g, const alpha__vkt_fc *c, uint32_t ho, uint32_t src, uint32_t t0, uint32_t len, uint32_t rows) {
    uint32_t raw[3 * ALPHA__VKT_FC_R * 32 / 128];
    alpha__vkt_fc_fetch(g, c, src, t0, len, rows, raw);
    alpha__vkt_fc_put(g, c, ho, rows, raw);
}
/* a block of the other side (FA: k and v rows; FAKV: q and go rows, and their lse and delta in
   ls and dl) from row jb: fetch into raw, put into the tile pair at half ho (the second tile
   BS rows on) and at lse/delta slot lo */
static void alpha__vkt_fc_block_fetch(alpha__vkt_gen *g, const alpha__vkt_fc *c, int kind, uint32_t jb, uint32_t *raw) {
    alpha_spirv_module *m = g->m;
    const alpha__vkt_fa *f = &c->f;
    uint32_t n = 3 * ALPHA__VKT_FC_BS * (c->D / 2) / 128;
    if (kind == ALPHA__VKT_FA) {
        alpha__vkt_fc_fetch(g, c, 10, jb, f->S, ALPHA__VKT_FC_BS, raw);       /* k block */
        alpha__vkt_fc_fetch(g, c, 14, jb, f->S, ALPHA__VKT_FC_BS, raw + n);   /* v block */
    } else {
        uint32_t t = alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450UMin, 2, alpha_spirv_iadd(m, jb, alpha_spirv_band(m, f->lid, alpha__vkt_cu(g, ALPHA__VKT_FC_BS - 1))),
                                      alpha_spirv_isub(m, f->T, alpha__vkt_cu(g, 1)));
        uint32_t qr = alpha_spirv_iadd(m, alpha_spirv_imul(m, f->bh, f->T), t);
        alpha__vkt_fc_fetch(g, c, 6, jb, f->T, ALPHA__VKT_FC_BS, raw);        /* q block */
        alpha__vkt_fc_fetch(g, c, 20, jb, f->T, ALPHA__VKT_FC_BS, raw + n);   /* go block */
        raw[2 * n] = alpha__vkt_ldf(g, alpha_spirv_iadd(m, alpha__vkt_pc(g, 19), qr));
        raw[2 * n + 1] = alpha__vkt_ldf(g, alpha_spirv_iadd(m, alpha__vkt_pc(g, 22), qr));
    }
}
static void alpha__vkt_fc_block_put(alpha__vkt_gen *g, const alpha__vkt_fc *c, int kind, uint32_t ho, uint32_t lo, const uint32_t *raw) {
    alpha_spirv_module *m = g->m;
    uint32_t n = 3 * ALPHA__VKT_FC_BS * (c->D / 2) / 128;
    alpha__vkt_fc_put(g, c, ho, ALPHA__VKT_FC_BS, raw);
    alpha__vkt_fc_put(g, c, alpha_spirv_iadd(m, ho, alpha__vkt_cu(g, ALPHA__VKT_FC_BS * c->PD)), ALPHA__VKT_FC_BS, raw + n);
    if (kind == ALPHA__VKT_FAKV) {
        uint32_t i = alpha_spirv_iadd(m, lo, c->f.lid);
        alpha_spirv_if_begin(m, alpha_spirv_ilt(m, c->f.lid, alpha__vkt_cu(g, ALPHA__VKT_FC_BS)));
        alpha_spirv_store(m, alpha_spirv_access(m, c->ls, 1, i), raw[2 * n]);
        alpha_spirv_store(m, alpha_spirv_access(m, c->dl, 1, i), raw[2 * n + 1]);
        alpha_spirv_if_end(m);
    }
}
/* a 16x16 fragment of tile arr (16-bit rows of stride halves) at row r0 and column c0 (halves,
   constants or ids: multiples of 8) */
static uint32_t alpha__vkt_fc_frag(alpha__vkt_gen *g, uint32_t type, uint32_t arr, uint32_t first, uint32_t stride, int row_major) {
    alpha_spirv_module *m = g->m;
    return alpha_spirv_coopmat_load(m, type, alpha_spirv_access(m, arr, 1, alpha_spirv_shr(m, first, alpha__vkt_cu(g, 3))),
                                    row_major ? ALPHA_SPIRV_CooperativeMatrixLayoutRowMajorKHR : ALPHA_SPIRV_CooperativeMatrixLayoutColumnMajorKHR,
                                    alpha__vkt_cu(g, stride / 8));
}
/* this subgroup's 16 rows of the rows tile as DF A fragments */
static void alpha__vkt_fc_rows(alpha__vkt_gen *g, const alpha__vkt_fc *c, uint32_t *frags) {
    alpha_spirv_module *m = g->m;
    uint32_t f, first = alpha_spirv_imul(m, c->sg, alpha__vkt_cu(g, 16 * c->PD));
    for (f = 0; f < c->DF; f++) frags[f] = alpha__vkt_fc_frag(g, c->ta, c->rt, alpha_spirv_iadd(m, first, alpha__vkt_cu(g, 16 * f)), c->PD, 1);
}
/* the subgroup's rows (A fragments a) times block tile bt transposed: 16 x 32 f32 into its
   staging area at f32 offset at (row stride 36) */
static void alpha__vkt_fc_scores(alpha__vkt_gen *g, const alpha__vkt_fc *c, const uint32_t *a, uint32_t bo, uint32_t at) {
    alpha_spirv_module *m = g->m;
    uint32_t j, f, fz = alpha__vkt_cf(g, 0.0f);
    for (j = 0; j < ALPHA__VKT_FC_BS / 16; j++) {
        uint32_t acc = alpha_spirv_const_composite(m, c->tc, 1, &fz);
        for (f = 0; f < c->DF; f++)
            acc = alpha_spirv_coopmat_muladd(m, a[f], alpha__vkt_fc_frag(g, c->tb, c->rt, alpha_spirv_iadd(m, bo, alpha__vkt_cu(g, 16 * j * c->PD + 16 * f)), c->PD, 0), acc, 0);
        alpha_spirv_coopmat_store(m, alpha_spirv_access(m, c->st, 1, alpha_spirv_iadd(m, c->st0, alpha__vkt_cu(g, (at + 16 * j) / 4))), acc,
                                  ALPHA_SPIRV_CooperativeMatrixLayoutRowMajorKHR, alpha__vkt_cu(g, ALPHA__VKT_FC_SP / 4));
    }
}
/* the lane's 16 staged values of row `row`, columns 16 half .. + 15, of the scores at f32 offset at */
static void alpha__vkt_fc_lane_vals(alpha__vkt_gen *g, const alpha__vkt_fc *c, uint32_t at, uint32_t *v) {
    alpha_spirv_module *m = g->m;
    uint32_t i, e, base = alpha_spirv_iadd(m, c->st0, alpha_spirv_iadd(m, alpha_spirv_imul(m, c->row, alpha__vkt_cu(g, ALPHA__VKT_FC_SP / 4)),
                                                                    alpha_spirv_imul(m, c->half, alpha__vkt_cu(g, 4))));
    for (i = 0; i < 4; i++) {
        uint32_t x = alpha_spirv_load(m, alpha_spirv_access(m, c->st, 1, alpha_spirv_iadd(m, base, alpha__vkt_cu(g, at / 4 + i))));
        for (e = 0; e < 4; e++) v[4 * i + e] = alpha_spirv_extract(m, x, e);
    }
}
/* the lane's 16 weights (f32 values) into its row of weight tile wt, as 16-bit halves */
static void alpha__vkt_fc_put_weights(alpha__vkt_gen *g, const alpha__vkt_fc *c, uint32_t wt, const uint32_t *w) {
    alpha_spirv_module *m = g->m;
    uint32_t i, j, words[4], u4 = alpha_spirv_type_vector(m, g->u32, 4);
    uint32_t base = alpha_spirv_iadd(m, c->wt0, alpha_spirv_iadd(m, alpha_spirv_imul(m, c->row, alpha__vkt_cu(g, ALPHA__VKT_FC_WP / 8)),
                                                                   alpha_spirv_imul(m, c->half, alpha__vkt_cu(g, 2))));
    for (j = 0; j < 2; j++) {
        for (i = 0; i < 4; i++) {
            uint32_t lo = alpha_spirv_bitcast(m, g->u32, w[8 * j + 2 * i]), hi = alpha_spirv_bitcast(m, g->u32, w[8 * j + 2 * i + 1]);
            lo = c->f16 ? alpha__vkt_gen_f32_to_f16(g, lo) : alpha__vkt_gen_f32_to_bf16(g, lo);
            hi = c->f16 ? alpha__vkt_gen_f32_to_f16(g, hi) : alpha__vkt_gen_f32_to_bf16(g, hi);
            words[i] = alpha_spirv_bor(m, lo, alpha_spirv_shl(m, hi, alpha__vkt_cu(g, 16)));
        }
        alpha_spirv_store(m, alpha_spirv_access(m, wt, 1, alpha_spirv_iadd(m, base, alpha__vkt_cu(g, j))), alpha_spirv_construct(m, u4, 4, words));
    }
}
/* acc[f] += W X over the block: W the subgroup's weight tile wt (16 x 32), X the block tile (32 x D) at half bo of c->rt */
static void alpha__vkt_fc_accumulate(alpha__vkt_gen *g, const alpha__vkt_fc *c, uint32_t wt, uint32_t bo, const uint32_t *acc) {
    alpha_spirv_module *m = g->m;
    uint32_t k, f, w[ALPHA__VKT_FC_BS / 16];
    for (k = 0; k < ALPHA__VKT_FC_BS / 16; k++)
        w[k] = alpha__vkt_fc_frag(g, c->ta, wt, alpha_spirv_iadd(m, alpha_spirv_imul(m, c->wt0, alpha__vkt_cu(g, 8)), alpha__vkt_cu(g, 16 * k)), ALPHA__VKT_FC_WP, 1);
    for (f = 0; f < c->DF; f++) {
        uint32_t a = alpha_spirv_load(m, acc[f]);
        for (k = 0; k < ALPHA__VKT_FC_BS / 16; k++)
            a = alpha_spirv_coopmat_muladd(m, w[k], alpha__vkt_fc_frag(g, c->tb, c->rt, alpha_spirv_iadd(m, bo, alpha__vkt_cu(g, 16 * k * c->PD + 16 * f)), c->PD, 1), a, 0);
        alpha_spirv_store(m, acc[f], a);
    }
}
/* the lane's D/2 values of row `row` (columns D/2 half ..) of a [16][D + 4] f32 block staged at 0 */
static void alpha__vkt_fc_lane_out(alpha__vkt_gen *g, const alpha__vkt_fc *c, uint32_t *v) {
    alpha_spirv_module *m = g->m;
    uint32_t i, e, base = alpha_spirv_iadd(m, c->st0, alpha_spirv_iadd(m, alpha_spirv_imul(m, c->row, alpha__vkt_cu(g, (c->D + 4) / 4)),
                                                                    alpha_spirv_imul(m, c->half, alpha__vkt_cu(g, c->D / 8))));
    for (i = 0; i < c->D / 8; i++) {
        uint32_t x = alpha_spirv_load(m, alpha_spirv_access(m, c->st, 1, alpha_spirv_iadd(m, base, alpha__vkt_cu(g, i))));
        for (e = 0; e < 4; e++) v[4 * i + e] = alpha_spirv_extract(m, x, e);
    }
}
/* the DF accumulators of acc as a [16][D + 4] block in the staging area, then the lane's half row */
static void alpha__vkt_fc_stage_out(alpha__vkt_gen *g, const alpha__vkt_fc *c, const uint32_t *acc, uint32_t *v) {
    alpha_spirv_module *m = g->m;
    uint32_t f;
    for (f = 0; f < c->DF; f++)
        alpha_spirv_coopmat_store(m, alpha_spirv_access(m, c->st, 1, alpha_spirv_iadd(m, c->st0, alpha__vkt_cu(g, 4 * f))), alpha_spirv_load(m, acc[f]),
                                  ALPHA_SPIRV_CooperativeMatrixLayoutRowMajorKHR, alpha__vkt_cu(g, (c->D + 4) / 4));
    alpha__vkt_subgroup_barrier(g);
    alpha__vkt_fc_lane_out(g, c, v);
}
/* stores the lane's half row v[i] * s at word base(row) + col + D/2 half + i for rows < len */
static void alpha__vkt_fc_store(alpha__vkt_gen *g, const alpha__vkt_fc *c, uint32_t out, uint32_t width, uint32_t col, uint32_t len, const uint32_t *v, uint32_t s) {
    alpha_spirv_module *m = g->m;
    uint32_t i, row = alpha_spirv_iadd(m, c->f.r0, alpha_spirv_iadd(m, alpha_spirv_imul(m, c->sg, alpha__vkt_cu(g, 16)), c->row));
    uint32_t base = alpha_spirv_iadd(m, out, alpha_spirv_imul(m, alpha_spirv_iadd(m, alpha_spirv_imul(m, c->f.bh, len), row), alpha__vkt_cu(g, width)));
    base = alpha_spirv_iadd(m, base, alpha_spirv_iadd(m, col, alpha_spirv_imul(m, c->half, alpha__vkt_cu(g, c->D / 2))));
    alpha_spirv_if_begin(m, alpha_spirv_ilt(m, row, len));
    for (i = 0; i < c->D / 2; i++) alpha__vkt_stf(g, alpha_spirv_iadd(m, base, alpha__vkt_cu(g, i)), alpha_spirv_fmul(m, v[i], s));
    alpha_spirv_if_end(m);
}
static uint32_t alpha__vkt_fc_pair_sum(alpha__vkt_gen *g, uint32_t x) { return alpha_spirv_fadd(g->m, x, alpha_spirv_subgroup_shuffle_xor(g->m, x, alpha__vkt_cu(g, 16))); }
static void alpha__vkt_gen_flash_coop(alpha__vkt_gen *g, int kind, alpha_op op, uint32_t variant) {
    alpha_spirv_module *m = g->m;
    alpha__vkt_fc c;
    alpha__vkt_fa *f = &c.f;
    uint32_t acc[8], o[32], mrow, lrow, a[4] = {0}, b2[4] = {0}, i, w, nb, blk, total, jb, len, row, lane, h;
    uint32_t zero, one, fz = alpha__vkt_cf(g, 0.0f), ninf = alpha__vkt_bits(g, 0xFF800000u), v4 = alpha_spirv_type_vector(m, g->f32, 4);
    uint32_t u4 = alpha_spirv_type_vector(m, g->u32, 4), fwd = op == ALPHA_OP_ATTENTION, lse = 0, delta = 0;
    uint32_t jb0, jend, set0, bo, bv, lo, bo_next = 0, lo_next = 0, raw[2 * 3 * ALPHA__VKT_FC_BS * 32 / 128 + 2];
    memset(&c, 0, sizeof c);
    c.D = f->D = variant & 0xFFu; c.DF = c.D / 16; c.PD = c.D + 8; c.f16 = (variant & ALPHA__VKT_FA_F16) != 0;
    h = c.f16 ? alpha_spirv_type_f16(m) : alpha_spirv_type_bf16(m);
    c.ta = alpha_spirv_type_coopmat(m, h, ALPHA_SPIRV_ScopeSubgroup, 16, 16, ALPHA_SPIRV_CooperativeMatrixUseMatrixAKHR);
    c.tb = alpha_spirv_type_coopmat(m, h, ALPHA_SPIRV_ScopeSubgroup, 16, 16, ALPHA_SPIRV_CooperativeMatrixUseMatrixBKHR);
    c.tc = alpha_spirv_type_coopmat(m, g->f32, ALPHA_SPIRV_ScopeSubgroup, 16, 16, ALPHA_SPIRV_CooperativeMatrixUseMatrixAccumulatorKHR);
    for (i = 0; i < 2 * c.DF; i++) acc[i] = alpha_spirv_local(m, c.tc);   /* locals first: the entry block */
    for (i = 0; i < c.D / 2; i++) o[i] = alpha_spirv_local(m, g->f32);
    mrow = alpha_spirv_local(m, g->f32); lrow = alpha_spirv_local(m, g->f32);
    c.pre = (variant & ALPHA__VKT_FA_PRE) != 0;
    c.rt = alpha_spirv_shared_array(m, u4, (ALPHA__VKT_FC_R + 2 * ALPHA__VKT_FC_BS) * c.PD / 8);   /* the rows, then two block tiles */
    c.st = alpha_spirv_shared_array(m, v4, 4 * ALPHA__VKT_FC_ST / 4);
    c.wt[0] = alpha_spirv_shared_array(m, u4, 4 * 16 * ALPHA__VKT_FC_WP / 8);
    if (kind == ALPHA__VKT_FAKV) {
        c.wt[1] = alpha_spirv_shared_array(m, u4, 4 * 16 * ALPHA__VKT_FC_WP / 8);
        c.ls = alpha_spirv_shared_array(m, g->f32, 2 * ALPHA__VKT_FC_BS); c.dl = alpha_spirv_shared_array(m, g->f32, 2 * ALPHA__VKT_FC_BS);
    }
    zero = alpha__vkt_cu(g, 0); one = alpha__vkt_cu(g, 1);
    f->lid = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInLocalInvocationIndex, -1);
    c.sg = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInSubgroupId, -1);
    lane = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInSubgroupLocalInvocationId, -1);
    c.row = alpha_spirv_band(m, lane, alpha__vkt_cu(g, 15)); c.half = alpha_spirv_shr(m, lane, alpha__vkt_cu(g, 4));
    c.st0 = alpha_spirv_imul(m, c.sg, alpha__vkt_cu(g, ALPHA__VKT_FC_ST / 4));
    c.wt0 = alpha_spirv_imul(m, c.sg, alpha__vkt_cu(g, 16 * ALPHA__VKT_FC_WP / 8));
    f->H = alpha__vkt_pc(g, 1); f->T = alpha__vkt_pc(g, 2); f->S = alpha__vkt_pc(g, 3); f->scale = alpha__vkt_pcf(g, 5);
    len = kind == ALPHA__VKT_FA ? f->T : f->S;
    /* workgroup w: block blk of (b, h) = w / nb; queries: the last (longest) blocks first */
    w = alpha_spirv_iadd(m, alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInWorkgroupId, 0),
                         alpha_spirv_imul(m, alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInWorkgroupId, 1),
                                          alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInNumWorkgroups, 0)));
    nb = alpha_spirv_udiv(m, alpha_spirv_iadd(m, len, alpha__vkt_cu(g, ALPHA__VKT_FC_R - 1)), alpha__vkt_cu(g, ALPHA__VKT_FC_R));
    total = alpha_spirv_imul(m, nb, alpha_spirv_udiv(m, alpha__vkt_pc(g, 0), len));
    alpha_spirv_if_begin(m, alpha_spirv_ilt(m, w, total));
    blk = alpha_spirv_umod(m, w, nb);
    if (kind == ALPHA__VKT_FA) blk = alpha_spirv_isub(m, alpha_spirv_isub(m, nb, one), blk);
    f->bh = alpha_spirv_udiv(m, w, nb); f->b = alpha_spirv_udiv(m, f->bh, f->H); f->h = alpha_spirv_umod(m, f->bh, f->H);
    f->r0 = alpha_spirv_imul(m, blk, alpha__vkt_cu(g, ALPHA__VKT_FC_R));
    row = alpha_spirv_iadd(m, f->r0, alpha_spirv_iadd(m, alpha_spirv_imul(m, c.sg, alpha__vkt_cu(g, 16)), c.row));   /* the lane's row */
    for (i = 0; i < 2 * c.DF; i++) alpha_spirv_store(m, acc[i], alpha_spirv_const_composite(m, c.tc, 1, &fz));
    for (i = 0; i < c.D / 2; i++) alpha_spirv_store(m, o[i], fz);
    /* the rows as A fragments: FA q (and go), FAKV k and v */
    alpha__vkt_fc_load(g, &c, zero, kind == ALPHA__VKT_FA ? 6 : 10, f->r0, len, ALPHA__VKT_FC_R);
    alpha_spirv_workgroup_barrier(m);
    alpha__vkt_fc_rows(g, &c, a);
    if (!fwd) {
        alpha_spirv_workgroup_barrier(m);
        alpha__vkt_fc_load(g, &c, zero, kind == ALPHA__VKT_FA ? 20 : 14, f->r0, len, ALPHA__VKT_FC_R);
        alpha_spirv_workgroup_barrier(m);
        alpha__vkt_fc_rows(g, &c, b2);
    }
    if (kind == ALPHA__VKT_FA && !fwd) {   /* the lane's row's lse, and delta = go . o (each lane half of it), stored for FAKV */
        uint32_t rc = alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450UMin, 2, row, alpha_spirv_isub(m, f->T, one)), qr = alpha_spirv_iadd(m, alpha_spirv_imul(m, f->bh, f->T), rc);
        uint32_t orow = alpha_spirv_iadd(m, alpha__vkt_fa_row(g, f, 18, rc), alpha_spirv_imul(m, c.half, alpha__vkt_cu(g, c.D / 2)));
        uint32_t grow = alpha_spirv_iadd(m, alpha__vkt_fa_row(g, f, 20, rc), alpha_spirv_imul(m, c.half, alpha__vkt_cu(g, c.D / 2)));
        delta = fz;
        for (i = 0; i < c.D / 2; i++)
            delta = alpha_spirv_fadd(m, delta, alpha_spirv_fmul(m, alpha__vkt_ldf(g, alpha_spirv_iadd(m, grow, alpha__vkt_cu(g, i))),
                                                                alpha__vkt_ldf(g, alpha_spirv_iadd(m, orow, alpha__vkt_cu(g, i)))));
        delta = alpha__vkt_fc_pair_sum(g, delta);
        lse = alpha__vkt_ldf(g, alpha_spirv_iadd(m, alpha__vkt_pc(g, 19), qr));
        alpha_spirv_if_begin(m, alpha_spirv_land(m, alpha_spirv_ilt(m, row, f->T), alpha_spirv_ieq(m, c.half, zero)));
        alpha__vkt_stf(g, alpha_spirv_iadd(m, alpha__vkt_pc(g, 22), qr), delta);
        alpha_spirv_if_end(m);
    }
    if (fwd) { alpha_spirv_store(m, mrow, ninf); alpha_spirv_store(m, lrow, fz); }
    if (kind == ALPHA__VKT_FA) {   /* key blocks up to the last key of the last row: min(r0 + R, T) - 1 + S - T */
        uint32_t end = alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450UMin, 2, alpha_spirv_iadd(m, f->r0, alpha__vkt_cu(g, ALPHA__VKT_FC_R)), f->T);
        jb0 = zero;
        jend = alpha_spirv_isub(m, alpha_spirv_iadd(m, end, f->S), f->T);
    } else {   /* query blocks from the first query that sees key r0: r0 - (S - T), down to a block start */
        uint32_t shift = alpha_spirv_isub(m, f->S, f->T);
        jb0 = alpha_spirv_select(m, alpha_spirv_ige(m, f->r0, shift), alpha_spirv_isub(m, f->r0, shift), zero);
        jb0 = alpha_spirv_imul(m, alpha_spirv_udiv(m, jb0, alpha__vkt_cu(g, ALPHA__VKT_FC_BS)), alpha__vkt_cu(g, ALPHA__VKT_FC_BS));
        jend = f->T;
    }
    /* the block tiles: set 0 past the rows tile, set 1 over it (PRE, once the rows are in registers) */
    set0 = alpha__vkt_cu(g, ALPHA__VKT_FC_R * c.PD);
    if (c.pre) {   /* the first block into set 0; in the loop, block jb + BS loads while jb multiplies */
        alpha__vkt_fc_block_fetch(g, &c, kind, jb0, raw);
        alpha__vkt_fc_block_put(g, &c, kind, set0, zero, raw);
    }
    jb = alpha_spirv_for_begin(m, jb0, jend, alpha__vkt_cu(g, ALPHA__VKT_FC_BS));
    alpha_spirv_workgroup_barrier(m);   /* the last block's reads done (PRE: and this block's stores) */
    if (c.pre) {
        uint32_t even = alpha_spirv_ieq(m, alpha_spirv_band(m, alpha_spirv_udiv(m, alpha_spirv_isub(m, jb, jb0), alpha__vkt_cu(g, ALPHA__VKT_FC_BS)), one), zero);
        bo = alpha_spirv_select(m, even, set0, zero);
        bo_next = alpha_spirv_select(m, even, zero, set0);
        lo = alpha_spirv_select(m, even, zero, alpha__vkt_cu(g, ALPHA__VKT_FC_BS));
        lo_next = alpha_spirv_select(m, even, alpha__vkt_cu(g, ALPHA__VKT_FC_BS), zero);
        alpha__vkt_fc_block_fetch(g, &c, kind, alpha_spirv_iadd(m, jb, alpha__vkt_cu(g, ALPHA__VKT_FC_BS)), raw);
    } else {
        bo = set0; lo = zero;
        alpha__vkt_fc_block_fetch(g, &c, kind, jb, raw);
        alpha__vkt_fc_block_put(g, &c, kind, set0, zero, raw);
        alpha_spirv_workgroup_barrier(m);
    }
    bv = alpha_spirv_iadd(m, bo, alpha__vkt_cu(g, ALPHA__VKT_FC_BS * c.PD));   /* the block's second tile: v (FAKV: go) */
    alpha__vkt_fc_scores(g, &c, a, bo, 0);                                               /* s: q.k (FAKV: k.q) */
    if (!fwd) alpha__vkt_fc_scores(g, &c, b2, bv, 16 * ALPHA__VKT_FC_SP);                /* dp: go.v (FAKV: v.go) */
    alpha__vkt_subgroup_barrier(g);
    {
        uint32_t s[16], dp[16], p[16], ds[16];
        alpha__vkt_fc_lane_vals(g, &c, 0, s);
        if (!fwd) alpha__vkt_fc_lane_vals(g, &c, 16 * ALPHA__VKT_FC_SP, dp);
        for (i = 0; i < 16; i++) {
            uint32_t col = alpha_spirv_iadd(m, jb, alpha_spirv_iadd(m, alpha_spirv_imul(m, c.half, alpha__vkt_cu(g, 16)), alpha__vkt_cu(g, i)));
            uint32_t valid = alpha__vkt_fa_valid(g, f, kind, row, col);
            s[i] = alpha_spirv_fmul(m, f->scale, s[i]);
            if (fwd) { s[i] = alpha_spirv_select(m, valid, s[i], ninf); continue; }
            if (kind == ALPHA__VKT_FA) {
                p[i] = alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Exp, alpha_spirv_fsub(m, s[i], lse));
                ds[i] = alpha_spirv_fsub(m, dp[i], delta);
            } else {
                uint32_t q = alpha_spirv_iadd(m, alpha_spirv_imul(m, c.half, alpha__vkt_cu(g, 16)), alpha__vkt_cu(g, i));
                p[i] = alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Exp, alpha_spirv_fsub(m, s[i], alpha__vkt_fa_sh(g, c.ls, alpha_spirv_iadd(m, lo, q))));
                ds[i] = alpha_spirv_fsub(m, dp[i], alpha__vkt_fa_sh(g, c.dl, alpha_spirv_iadd(m, lo, q)));
            }
            p[i] = alpha_spirv_select(m, valid, p[i], fz);   /* a masked (future) pair: exactly 0, never inf * 0 */
            ds[i] = alpha_spirv_fmul(m, p[i], ds[i]);
        }
        if (fwd) {   /* online softmax: the new row max (0 while the row has no key: exp(-inf) = 0 then), p, rescale */
            uint32_t bm = s[0], mo = alpha_spirv_load(m, mrow), mn, mu, al, sum = fz, ob[32];
            for (i = 1; i < 16; i++) bm = alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450FMax, 2, bm, s[i]);
            bm = alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450FMax, 2, bm, alpha_spirv_subgroup_shuffle_xor(m, bm, alpha__vkt_cu(g, 16)));
            mn = alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450FMax, 2, mo, bm);
            mu = alpha_spirv_select(m, alpha_spirv_feq(m, mn, ninf), fz, mn);
            al = alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Exp, alpha_spirv_fsub(m, mo, mu));
            for (i = 0; i < 16; i++) { p[i] = alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Exp, alpha_spirv_fsub(m, s[i], mu)); sum = alpha_spirv_fadd(m, sum, p[i]); }
            alpha_spirv_store(m, lrow, alpha_spirv_fadd(m, alpha_spirv_fmul(m, alpha_spirv_load(m, lrow), al), alpha__vkt_fc_pair_sum(g, sum)));
            alpha_spirv_store(m, mrow, mn);
            alpha__vkt_fc_put_weights(g, &c, c.wt[0], p);
            alpha__vkt_subgroup_barrier(g);
            alpha_spirv_store(m, acc[0], alpha_spirv_const_composite(m, c.tc, 1, &fz));
            for (i = 1; i < c.DF; i++) alpha_spirv_store(m, acc[i], alpha_spirv_const_composite(m, c.tc, 1, &fz));
            alpha__vkt_fc_accumulate(g, &c, c.wt[0], bv, acc);                           /* this block's p v */
            alpha__vkt_fc_stage_out(g, &c, acc, ob);
            for (i = 0; i < c.D / 2; i++) alpha_spirv_store(m, o[i], alpha_spirv_fadd(m, alpha_spirv_fmul(m, alpha_spirv_load(m, o[i]), al), ob[i]));
        } else {
            alpha__vkt_fc_put_weights(g, &c, c.wt[0], ds);
            if (kind == ALPHA__VKT_FAKV) alpha__vkt_fc_put_weights(g, &c, c.wt[1], p);
            alpha__vkt_subgroup_barrier(g);
            alpha__vkt_fc_accumulate(g, &c, c.wt[0], bo, acc);                           /* gq += ds k (FAKV: gk += ds q) */
            if (kind == ALPHA__VKT_FAKV) alpha__vkt_fc_accumulate(g, &c, c.wt[1], bv, acc + c.DF);   /* gv += p go */
        }
    }
    if (c.pre) alpha__vkt_fc_block_put(g, &c, kind, bo_next, lo_next, raw);   /* the next block, into the other set */
    alpha_spirv_for_end(m);
    {
        uint32_t v[32];
        if (fwd) {   /* o = acc / l, lse = max + log l */
            uint32_t l = alpha_spirv_load(m, lrow);
            for (i = 0; i < c.D / 2; i++) v[i] = alpha_spirv_load(m, o[i]);
            alpha__vkt_fc_store(g, &c, alpha__vkt_pc(g, 18), c.D, zero, f->T, v, alpha_spirv_fdiv(m, alpha__vkt_cf(g, 1.0f), l));
            alpha_spirv_if_begin(m, alpha_spirv_land(m, alpha_spirv_ilt(m, row, f->T), alpha_spirv_ieq(m, c.half, zero)));
            alpha__vkt_stf(g, alpha_spirv_iadd(m, alpha__vkt_pc(g, 19), alpha_spirv_iadd(m, alpha_spirv_imul(m, f->bh, f->T), row)),
                           alpha_spirv_fadd(m, alpha_spirv_load(m, mrow), alpha__vkt_glsl1(g, ALPHA_SPIRV_GLSLstd450Log, l)));
            alpha_spirv_if_end(m);
        } else if (kind == ALPHA__VKT_FA) {
            alpha_spirv_workgroup_barrier(m);
            alpha__vkt_fc_stage_out(g, &c, acc, v);
            alpha__vkt_fc_store(g, &c, alpha__vkt_pc(g, 21), c.D, zero, f->T, v, f->scale);
        } else {
            alpha_spirv_workgroup_barrier(m);
            alpha__vkt_fc_stage_out(g, &c, acc, v);
            alpha__vkt_fc_store(g, &c, alpha__vkt_pc(g, 21), 2 * c.D, zero, f->S, v, f->scale);
            alpha__vkt_subgroup_barrier(g);
            alpha__vkt_fc_stage_out(g, &c, acc + c.DF, v);
            alpha__vkt_fc_store(g, &c, alpha__vkt_pc(g, 21), 2 * c.D, alpha__vkt_cu(g, c.D), f->S, v, alpha__vkt_cf(g, 1.0f));
        }
    }
    alpha_spirv_if_end(m);
}

/* Row kernels (CE, LN, ADDLN, the LNB rows): a workgroup of ALPHA__VKT_ROW_WG invocations per
   row, each walking the row's elements lid, lid + 64, ... (neighbours read neighbouring words),
   their partial results combined by alpha__vkt_wg_reduce. */
#define ALPHA__VKT_ROW_WG 64u
enum { ALPHA__VKT_RED_SUM, ALPHA__VKT_RED_MAX, ALPHA__VKT_RED_COUNT };
static int alpha__vkt_rowwise(int kind, alpha_op op) {
    return kind == ALPHA__VKT_CE || kind == ALPHA__VKT_LN || kind == ALPHA__VKT_ADDLN || (kind == ALPHA__VKT_LNB && op == ALPHA_OP_LAYERNORM_BACKWARD);
}
/* every invocation's local v (f32; COUNT: u32) combined into v of all, by a fixed tree
   (part[i] op= part[i + s] for s = 32 .. 1): the same result every run. MAX skips NaN as the
   CPU's loops do. part: ALPHA__VKT_ROW_WG u32 words of shared memory, free again on return. */
static void alpha__vkt_wg_reduce(alpha__vkt_gen *g, uint32_t part, uint32_t lid, uint32_t v, int how) {
    alpha_spirv_module *m = g->m;
    uint32_t s, x = alpha_spirv_load(m, v);
    alpha_spirv_store(m, alpha_spirv_access(m, part, 1, lid), how == ALPHA__VKT_RED_COUNT ? x : alpha_spirv_bitcast(m, g->u32, x));
    alpha_spirv_workgroup_barrier(m);
    for (s = ALPHA__VKT_ROW_WG / 2; s >= 1; s /= 2) {
        uint32_t a, b, r, pa = alpha_spirv_access(m, part, 1, lid);
        alpha_spirv_if_begin(m, alpha_spirv_ilt(m, lid, alpha__vkt_cu(g, s)));
        a = alpha_spirv_load(m, pa);
        b = alpha_spirv_load(m, alpha_spirv_access(m, part, 1, alpha_spirv_iadd(m, lid, alpha__vkt_cu(g, s))));
        if (how == ALPHA__VKT_RED_COUNT) {
            r = alpha_spirv_iadd(m, a, b);
        } else {
            uint32_t fa = alpha_spirv_bitcast(m, g->f32, a), fb = alpha_spirv_bitcast(m, g->f32, b);
            r = how == ALPHA__VKT_RED_SUM ? alpha_spirv_fadd(m, fa, fb) : alpha_spirv_select(m, alpha_spirv_fgt(m, fb, fa), fb, fa);
            r = alpha_spirv_bitcast(m, g->u32, r);
        }
        alpha_spirv_store(m, pa, r);
        alpha_spirv_if_end(m);
        alpha_spirv_workgroup_barrier(m);
    }
    x = alpha_spirv_load(m, alpha_spirv_access(m, part, 1, alpha__vkt_cu(g, 0)));
    alpha_spirv_store(m, v, how == ALPHA__VKT_RED_COUNT ? x : alpha_spirv_bitcast(m, g->f32, x));
    alpha_spirv_workgroup_barrier(m);
}

/* The end of a workgroup sum: each of the n invocations puts its partial sum (in the local acc)
   into part[lid], then invocation 0 adds part[0..n) in order (deterministic) into acc. Leaves an
   if (lid == 0) open: the caller stores the result and closes it. */
static void alpha__vkt_gen_wg_sum(alpha__vkt_gen *g, uint32_t part, uint32_t lid, uint32_t n, uint32_t acc) {
    alpha_spirv_module *m = g->m;
    uint32_t j;
    alpha_spirv_store(m, alpha_spirv_access(m, part, 1, lid), alpha_spirv_load(m, acc));
    alpha_spirv_workgroup_barrier(m);
    alpha_spirv_if_begin(m, alpha_spirv_ieq(m, lid, alpha__vkt_cu(g, 0)));
    alpha_spirv_store(m, acc, alpha__vkt_cf(g, 0.0f));
    j = alpha_spirv_for_begin(m, alpha__vkt_cu(g, 0), alpha__vkt_cu(g, n), alpha__vkt_cu(g, 1));
    alpha_spirv_store(m, acc, alpha_spirv_fadd(m, alpha_spirv_load(m, acc), alpha_spirv_load(m, alpha_spirv_access(m, part, 1, j))));
    alpha_spirv_for_end(m);
}

/* workgroup size along axis 0 or 1 (the kernels assume theirs: the tiled matmul 16x16, the
   cooperative one 256, the sum of squares its variant) */
static uint32_t alpha__vkt_local_size(int kind, uint32_t dims, int axis) {
    if (kind == ALPHA__VKT_MATMUL) return 16u;
    if (axis == 1) return 1u;
    if ((kind == ALPHA__VKT_FA || kind == ALPHA__VKT_FAKV) && (dims & ALPHA__VKT_FA_COOP)) return 128u;
    if (kind == ALPHA__VKT_FA || kind == ALPHA__VKT_FAKV) return ((dims & ALPHA__VKT_FA_R16) ? 4u : 8u) * ((dims & 0xFFu) / 4u);
    if (kind == ALPHA__VKT_MMC) return (dims & ALPHA__VKT_MC_WIDE) ? 128u : 256u;
    return kind == ALPHA__VKT_SUMSQ ? dims : 64u;
}

static alpha_result alpha__vkt_module(int kind, alpha_op op, uint32_t dims, int bda, alpha_spirv_module **out) {
    alpha__vkt_gen g;
    alpha_spirv_module *m = NULL;
    uint32_t members[64] = {0}, ids[3], fn, i, nw = alpha__vkt_push_words(kind, dims);
    uint32_t ls0 = alpha__vkt_local_size(kind, dims, 0);
    static const uint32_t spec_ids[3] = {0, 1, 2};
    alpha_result r = alpha_spirv_module_create(&m, NULL);
    *out = NULL;
    if (r != ALPHA_OK) { alpha_spirv_module_destroy(m); return r; }
    g.m = m;
    g.u32 = alpha_spirv_type_u32(m);
    g.f32 = alpha_spirv_type_f32(m);
    g.boolt = alpha_spirv_type_bool(m);
    g.bda = bda; g.pc0 = bda ? 1u : 0u; g.buf = 0;
    g.vec4 = bda && (kind == ALPHA__VKT_ATTN || kind == ALPHA__VKT_ATTNKV) && (dims & ALPHA__VKT_ATTN_VEC4);
    /* SPV_KHR_cooperative_matrix requires the Vulkan memory model in shaders (the device enables
       vulkanMemoryModel with the cooperative matrices); the other kernels keep GLSL450 */
    if (kind == ALPHA__VKT_MMC || ((kind == ALPHA__VKT_FA || kind == ALPHA__VKT_FAKV) && (dims & ALPHA__VKT_FA_COOP)))
        alpha_spirv_memory_model(m, bda ? ALPHA_SPIRV_AddressingModelPhysicalStorageBuffer64 : ALPHA_SPIRV_AddressingModelLogical, ALPHA_SPIRV_MemoryModelVulkan);
    else if (bda)
        alpha_spirv_memory_model(m, ALPHA_SPIRV_AddressingModelPhysicalStorageBuffer64, ALPHA_SPIRV_MemoryModelGLSL450);
    if (bda) {   /* the arena's address as a u64, words reached as pointers made from base + 4 idx */
        g.u64 = alpha_spirv_type_int(m, 64, 0);
        g.ptr_u32 = alpha_spirv_type_pointer(m, ALPHA_SPIRV_StorageClassPhysicalStorageBuffer, g.u32);
        members[0] = g.u64;
    }
    for (i = 0; i < nw; i++) members[g.pc0 + i] = g.u32;
    g.pc = alpha_spirv_push_constants(m, (int)(nw + g.pc0), members);
    if (!bda) g.buf = alpha_spirv_buffer(m, g.u32, 0, 0, 0);
    fn = alpha_spirv_compute_begin(m, "main", 0, 0, 0);
    alpha_spirv_local_size_spec(m, fn, ls0, alpha__vkt_local_size(kind, dims, 1), 1u, spec_ids, ids);
    if (kind == ALPHA__VKT_MATMUL) {
        alpha__vkt_gen_matmul(&g, dims);
    } else if (kind == ALPHA__VKT_MMC) {
        alpha__vkt_gen_matmul_coop(&g, dims);
    } else if ((kind == ALPHA__VKT_FA || kind == ALPHA__VKT_FAKV) && (dims & ALPHA__VKT_FA_COOP)) {
        alpha__vkt_gen_flash_coop(&g, kind, op, dims);
    } else if (kind == ALPHA__VKT_FA || kind == ALPHA__VKT_FAKV) {
        alpha__vkt_gen_flash(&g, kind, op, dims);
    } else {
        /* i = gid.x + gid.y * NumWorkgroups.x * 64 (2D grids for large counts) */
        uint32_t gx = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInGlobalInvocationId, 0);
        uint32_t gy = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInGlobalInvocationId, 1);
        uint32_t nwx = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInNumWorkgroups, 0);
        uint32_t idx = alpha_spirv_iadd(m, gx, alpha_spirv_imul(m, gy, alpha_spirv_imul(m, nwx, ids[0])));
        uint32_t zero_u = alpha__vkt_cu(&g, 0), one_u = alpha__vkt_cu(&g, 1), c64 = alpha__vkt_cu(&g, ALPHA__VKT_ROW_WG), lid = zero_u, part = 0;
        if (alpha__vkt_rowwise(kind, op)) {   /* i = the workgroup's row */
            idx = alpha_spirv_iadd(m, alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInWorkgroupId, 0),
                                   alpha_spirv_imul(m, alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInWorkgroupId, 1), nwx));
            lid = alpha_spirv_builtin_load(m, ALPHA_SPIRV_BuiltInLocalInvocationIndex, -1);
            part = alpha_spirv_shared_array(m, g.u32, ALPHA__VKT_ROW_WG);
        }
        /* locals are hoisted to the entry block: declare them before any branch */
        uint32_t acc = alpha_spirv_local(m, g.f32), best = alpha_spirv_local(m, g.f32), bestj = alpha_spirv_local(m, g.u32);
        uint32_t acc2 = alpha_spirv_local(m, g.f32), cnt = alpha_spirv_local(m, g.u32), pos = alpha_spirv_local(m, g.u32);
        int attn = kind == ALPHA__VKT_ATTN || kind == ALPHA__VKT_ATTNKV;
        uint32_t va[ALPHA_ATTENTION_MAX_D], vb[ALPHA_ATTENTION_MAX_D];
        for (i = 0; attn && i < (dims & ALPHA__VKT_ATTN_D); i++) { va[i] = alpha_spirv_local(m, g.f32); vb[i] = alpha_spirv_local(m, g.f32); }
        alpha_spirv_if_begin(m, alpha_spirv_ilt(m, idx, alpha__vkt_pc(&g, 0)));
        if (kind == ALPHA__VKT_EW && (dims & ALPHA__VKT_EW_VEC4)) {
            /* 4 elements per invocation in 16-byte loads and stores: the innermost dim is
               contiguous in every operand and the layout counts it in groups of 4 */
            uint32_t off[3], rem = idx, o, v4 = alpha_spirv_type_vector(m, g.u32, 4), parts[4];
            off[0] = alpha__vkt_pc(&g, 1); off[1] = alpha__vkt_pc(&g, 2); off[2] = alpha__vkt_pc(&g, 3);
            alpha__vkt_gen_index(&g, &rem, 7, dims & 0xFu, 4, 3, off);
            o = off[0];
            if (op == ALPHA_OP_FILL) {
                for (i = 0; i < 4; i++) parts[i] = alpha__vkt_pc(&g, 4);
                alpha__vkt_st4(&g, o, alpha_spirv_construct(m, v4, 4, parts));
            } else if (op == ALPHA_OP_COPY) {
                alpha__vkt_st4(&g, o, alpha__vkt_ld4(&g, off[1]));
            } else {
                uint32_t wa = alpha__vkt_ld4(&g, off[1]), wb = alpha__vkt_is_binary(op) ? alpha__vkt_ld4(&g, off[2]) : 0;
                for (i = 0; i < 4; i++) {
                    uint32_t x = alpha_spirv_bitcast(m, g.f32, alpha_spirv_extract(m, wa, i));
                    uint32_t y = wb ? alpha_spirv_bitcast(m, g.f32, alpha_spirv_extract(m, wb, i)) : 0;
                    parts[i] = alpha_spirv_bitcast(m, g.u32, alpha__vkt_gen_op(&g, op, x, y));
                }
                alpha__vkt_st4(&g, o, alpha_spirv_construct(m, v4, 4, parts));
            }
        } else if (kind == ALPHA__VKT_EW) {
            uint32_t off[3], rem = idx;
            off[0] = alpha__vkt_pc(&g, 1); off[1] = alpha__vkt_pc(&g, 2); off[2] = alpha__vkt_pc(&g, 3);
            alpha__vkt_gen_index(&g, &rem, 7, dims, 4, 3, off);
            if (op == ALPHA_OP_FILL) alpha__vkt_stu(&g, off[0], alpha__vkt_pc(&g, 4));
            else if (op == ALPHA_OP_COPY) alpha__vkt_stu(&g, off[0], alpha__vkt_ldu(&g, off[1]));
            else if (op == ALPHA_OP_CAST) alpha__vkt_gen_cast(&g, off[0], off[1]);
            else {
                uint32_t x = alpha__vkt_ldf(&g, off[1]), y = alpha__vkt_is_binary(op) ? alpha__vkt_ldf(&g, off[2]) : 0;
                alpha__vkt_stf(&g, off[0], alpha__vkt_gen_op(&g, op, x, y));
            }
        } else if (kind == ALPHA__VKT_PACK) {
            alpha__vkt_gen_pack(&g, idx, dims);
        } else if (kind == ALPHA__VKT_UBW) {
            /* gx = g op'(x, y), loading only what op' reads; VEC4: elements 4 idx .. 4 idx + 3 in
               16-byte loads and stores (GELU's backward at GPT-2's [3072, 3072]: 93 us scalar) */
            uint32_t w = (dims & ALPHA__VKT_UBW_VEC4) ? 4u : 1u, e = alpha_spirv_imul(m, idx, alpha__vkt_cu(&g, w)), vx[4], vy[4], vg[4], out[4];
            uint32_t f0 = alpha__vkt_pcf(&g, 5), f1 = alpha__vkt_pcf(&g, 6);
            int rx = op != ALPHA_OP_NEG && op != ALPHA_OP_SCALE && op != ALPHA_OP_ADD_SCALAR && !alpha__vkt_dop_reads_y(op);
            alpha__vkt_ld_run(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 4), e), w, vg);
            if (rx) alpha__vkt_ld_run(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 2), e), w, vx);
            if (alpha__vkt_dop_reads_y(op)) alpha__vkt_ld_run(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 3), e), w, vy);
            for (i = 0; i < w; i++)
                out[i] = alpha_spirv_fmul(m, vg[i], alpha__vkt_gen_dop(&g, op, rx ? vx[i] : 0, alpha__vkt_dop_reads_y(op) ? vy[i] : 0, f0, f1));
            alpha__vkt_st_run(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 1), e), w, out);
        } else if (kind == ALPHA__VKT_EMB) {
            uint32_t C = alpha__vkt_pc(&g, 1), row = alpha__vkt_ldu(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 2), alpha_spirv_udiv(m, idx, C)));
            uint32_t src = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 3), alpha_spirv_iadd(m, alpha_spirv_imul(m, row, C), alpha_spirv_umod(m, idx, C)));
            alpha__vkt_stu(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 4), idx), alpha__vkt_ldu(&g, src));
        } else if (kind == ALPHA__VKT_LN || kind == ALPHA__VKT_ADDLN) {
            /* a workgroup per row: mean, then the variance of x - mean, then (x - mean) rstd [* w] [+ b];
               ADDLN: x is the sum s = a + r, written by the first loop (and read back by the
               invocation that wrote it) */
            uint32_t C = alpha__vkt_pc(&g, 1), x0 = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 2), alpha_spirv_imul(m, idx, C));
            uint32_t y0 = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 3), alpha_spirv_imul(m, idx, C)), flags = alpha__vkt_pc(&g, 9);
            uint32_t fc = alpha_spirv_cast(m, g.f32, C), j, v, mean, rs;
            alpha_spirv_store(m, acc, alpha__vkt_cf(&g, 0.0f));
            j = alpha_spirv_for_begin(m, lid, C, c64);
            if (kind == ALPHA__VKT_ADDLN) {
                uint32_t rc = alpha_spirv_imul(m, idx, C);
                v = alpha_spirv_fadd(m, alpha__vkt_ldf(&g, alpha_spirv_iadd(m, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 10), rc), j)),
                                     alpha__vkt_ldf(&g, alpha_spirv_iadd(m, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 11), rc), j)));
                alpha__vkt_stf(&g, alpha_spirv_iadd(m, x0, j), v);
            } else {
                v = alpha__vkt_ldf(&g, alpha_spirv_iadd(m, x0, j));
            }
            alpha_spirv_store(m, acc, alpha_spirv_fadd(m, alpha_spirv_load(m, acc), v));
            alpha_spirv_for_end(m);
            alpha__vkt_wg_reduce(&g, part, lid, acc, ALPHA__VKT_RED_SUM);
            mean = alpha_spirv_fdiv(m, alpha_spirv_load(m, acc), fc);
            alpha_spirv_store(m, acc, alpha__vkt_cf(&g, 0.0f));
            j = alpha_spirv_for_begin(m, lid, C, c64);
            v = alpha_spirv_fsub(m, alpha__vkt_ldf(&g, alpha_spirv_iadd(m, x0, j)), mean);
            alpha_spirv_store(m, acc, alpha_spirv_fadd(m, alpha_spirv_load(m, acc), alpha_spirv_fmul(m, v, v)));
            alpha_spirv_for_end(m);
            alpha__vkt_wg_reduce(&g, part, lid, acc, ALPHA__VKT_RED_SUM);
            rs = alpha_spirv_fdiv(m, alpha__vkt_cf(&g, 1.0f), alpha__vkt_glsl1(&g, ALPHA_SPIRV_GLSLstd450Sqrt,
                                  alpha_spirv_fadd(m, alpha_spirv_fdiv(m, alpha_spirv_load(m, acc), fc), alpha__vkt_pcf(&g, 8))));
            j = alpha_spirv_for_begin(m, lid, C, c64);
            v = alpha_spirv_fmul(m, alpha_spirv_fsub(m, alpha__vkt_ldf(&g, alpha_spirv_iadd(m, x0, j)), mean), rs);
            alpha_spirv_store(m, best, v);
            alpha_spirv_if_begin(m, alpha_spirv_ine(m, alpha_spirv_band(m, flags, one_u), zero_u));
            alpha_spirv_store(m, best, alpha_spirv_fmul(m, alpha_spirv_load(m, best), alpha__vkt_ldf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 4), j))));
            alpha_spirv_if_end(m);
            alpha_spirv_if_begin(m, alpha_spirv_ine(m, alpha_spirv_band(m, flags, alpha__vkt_cu(&g, 2)), zero_u));
            alpha_spirv_store(m, best, alpha_spirv_fadd(m, alpha_spirv_load(m, best), alpha__vkt_ldf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 5), j))));
            alpha_spirv_if_end(m);
            alpha__vkt_stf(&g, alpha_spirv_iadd(m, y0, j), alpha_spirv_load(m, best));
            alpha_spirv_for_end(m);
            alpha_spirv_if_begin(m, alpha_spirv_ieq(m, lid, zero_u));
            alpha__vkt_stf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 6), idx), mean);
            alpha__vkt_stf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 7), idx), rs);
            alpha_spirv_if_end(m);
        } else if (kind == ALPHA__VKT_ADAMW) {
            /* the CPU's alpha__adamw_scale and alpha__adamw_range, step for step */
            uint32_t one = alpha__vkt_cf(&g, 1.0f), pp = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 1), idx);
            uint32_t mp = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 3), idx), vp = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 4), idx);
            uint32_t sched = alpha__vkt_pc(&g, 5), b1 = alpha__vkt_pcf(&g, 8), b2 = alpha__vkt_pcf(&g, 9), gs = alpha__vkt_pcf(&g, 12);
            uint32_t clip = alpha__vkt_pcf(&g, 13), has_sq = alpha_spirv_ine(m, alpha__vkt_pc(&g, 7), zero_u);
            uint32_t lr = alpha__vkt_ldf(&g, sched), c1 = alpha__vkt_ldf(&g, alpha_spirv_iadd(m, sched, one_u));
            uint32_t c2 = alpha__vkt_ldf(&g, alpha_spirv_iadd(m, sched, alpha__vkt_cu(&g, 2)));
            uint32_t norm, keep, clipping, scale, gr, mv, vv, t, decay;
            norm = alpha_spirv_fmul(m, alpha__vkt_glsl1(&g, ALPHA_SPIRV_GLSLstd450Sqrt, alpha__vkt_ldf(&g, alpha__vkt_pc(&g, 6))),
                                    alpha__vkt_glsl1(&g, ALPHA_SPIRV_GLSLstd450FAbs, gs));
            keep = alpha_spirv_lor(m, alpha_spirv_lnot(m, has_sq), alpha_spirv_fle(m, norm, alpha__vkt_cf(&g, FLT_MAX)));
            clipping = alpha_spirv_land(m, has_sq, alpha_spirv_land(m, alpha_spirv_fgt(m, clip, alpha__vkt_cf(&g, 0.0f)),
                                                                    alpha_spirv_fgt(m, norm, clip)));
            scale = alpha_spirv_select(m, clipping, alpha_spirv_fmul(m, gs, alpha_spirv_fdiv(m, clip, norm)), gs);
            alpha_spirv_if_begin(m, keep);
            gr = alpha_spirv_fmul(m, alpha__vkt_ldf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 2), idx)), scale);
            mv = alpha_spirv_fadd(m, alpha_spirv_fmul(m, b1, alpha__vkt_ldf(&g, mp)), alpha_spirv_fmul(m, alpha_spirv_fsub(m, one, b1), gr));
            vv = alpha_spirv_fadd(m, alpha_spirv_fmul(m, b2, alpha__vkt_ldf(&g, vp)),
                                  alpha_spirv_fmul(m, alpha_spirv_fmul(m, alpha_spirv_fsub(m, one, b2), gr), gr));
            alpha__vkt_stf(&g, mp, mv);
            alpha__vkt_stf(&g, vp, vv);
            /* p * (1 - lr wd) - lr * (m c1) / (sqrt(v c2) + eps) */
            decay = alpha_spirv_fsub(m, one, alpha_spirv_fmul(m, lr, alpha__vkt_pcf(&g, 11)));
            t = alpha_spirv_fadd(m, alpha__vkt_glsl1(&g, ALPHA_SPIRV_GLSLstd450Sqrt, alpha_spirv_fmul(m, vv, c2)), alpha__vkt_pcf(&g, 10));
            t = alpha_spirv_fdiv(m, alpha_spirv_fmul(m, lr, alpha_spirv_fmul(m, mv, c1)), t);
            alpha__vkt_stf(&g, pp, alpha_spirv_fsub(m, alpha_spirv_fmul(m, alpha__vkt_ldf(&g, pp), decay), t));
            alpha_spirv_if_end(m);
        } else if (kind == ALPHA__VKT_SOFTMAX && (op == ALPHA_OP_SOFTMAX_BACKWARD || op == ALPHA_OP_LOG_SOFTMAX_BACKWARD)) {
            /* x = the forward output y, g = upstream gradient:
               softmax: out = y (g - sum g y); log_softmax: out = g - exp(y) sum g */
            uint32_t L = alpha__vkt_pc(&g, 1), inner = alpha__vkt_pc(&g, 2), base, x0, y0, g0, j, v, gv, dot;
            base = alpha_spirv_iadd(m, alpha_spirv_imul(m, alpha_spirv_imul(m, alpha_spirv_udiv(m, idx, inner), L), inner),
                                    alpha_spirv_umod(m, idx, inner));
            x0 = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 3), base);
            y0 = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 4), base);
            g0 = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 5), base);
            alpha_spirv_store(m, acc, alpha__vkt_cf(&g, 0.0f));
            j = alpha_spirv_for_begin(m, zero_u, L, one_u);
            gv = alpha__vkt_ldf(&g, alpha_spirv_iadd(m, g0, alpha_spirv_imul(m, j, inner)));
            if (op == ALPHA_OP_SOFTMAX_BACKWARD) gv = alpha_spirv_fmul(m, gv, alpha__vkt_ldf(&g, alpha_spirv_iadd(m, x0, alpha_spirv_imul(m, j, inner))));
            alpha_spirv_store(m, acc, alpha_spirv_fadd(m, alpha_spirv_load(m, acc), gv));
            alpha_spirv_for_end(m);
            dot = alpha_spirv_load(m, acc);
            j = alpha_spirv_for_begin(m, zero_u, L, one_u);
            v = alpha__vkt_ldf(&g, alpha_spirv_iadd(m, x0, alpha_spirv_imul(m, j, inner)));
            gv = alpha__vkt_ldf(&g, alpha_spirv_iadd(m, g0, alpha_spirv_imul(m, j, inner)));
            v = op == ALPHA_OP_SOFTMAX_BACKWARD ? alpha_spirv_fmul(m, v, alpha_spirv_fsub(m, gv, dot))
                                                : alpha_spirv_fsub(m, gv, alpha_spirv_fmul(m, alpha__vkt_glsl1(&g, ALPHA_SPIRV_GLSLstd450Exp, v), dot));
            alpha__vkt_stf(&g, alpha_spirv_iadd(m, y0, alpha_spirv_imul(m, j, inner)), v);
            alpha_spirv_for_end(m);
        } else if (kind == ALPHA__VKT_SOFTMAX) {
            uint32_t L = alpha__vkt_pc(&g, 1), inner = alpha__vkt_pc(&g, 2), base, x0, y0, j, v, mx, sum;
            base = alpha_spirv_iadd(m, alpha_spirv_imul(m, alpha_spirv_imul(m, alpha_spirv_udiv(m, idx, inner), L), inner),
                                    alpha_spirv_umod(m, idx, inner));
            x0 = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 3), base);
            y0 = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 4), base);
            alpha_spirv_store(m, best, alpha__vkt_bits(&g, 0xFF800000u));   /* -inf */
            alpha_spirv_store(m, acc, alpha__vkt_cf(&g, 0.0f));
            j = alpha_spirv_for_begin(m, zero_u, L, one_u);
            v = alpha__vkt_ldf(&g, alpha_spirv_iadd(m, x0, alpha_spirv_imul(m, j, inner)));
            alpha_spirv_store(m, best, alpha_spirv_select(m, alpha_spirv_fgt(m, v, alpha_spirv_load(m, best)), v, alpha_spirv_load(m, best)));
            alpha_spirv_for_end(m);
            mx = alpha_spirv_load(m, best);
            j = alpha_spirv_for_begin(m, zero_u, L, one_u);
            v = alpha__vkt_glsl1(&g, ALPHA_SPIRV_GLSLstd450Exp,
                                 alpha_spirv_fsub(m, alpha__vkt_ldf(&g, alpha_spirv_iadd(m, x0, alpha_spirv_imul(m, j, inner))), mx));
            if (op == ALPHA_OP_SOFTMAX) alpha__vkt_stf(&g, alpha_spirv_iadd(m, y0, alpha_spirv_imul(m, j, inner)), v);
            alpha_spirv_store(m, acc, alpha_spirv_fadd(m, alpha_spirv_load(m, acc), v));
            alpha_spirv_for_end(m);
            sum = alpha_spirv_load(m, acc);
            if (op == ALPHA_OP_SOFTMAX) {
                uint32_t inv = alpha_spirv_fdiv(m, alpha__vkt_cf(&g, 1.0f), sum), p;
                j = alpha_spirv_for_begin(m, zero_u, L, one_u);
                p = alpha_spirv_iadd(m, y0, alpha_spirv_imul(m, j, inner));
                alpha__vkt_stf(&g, p, alpha_spirv_fmul(m, alpha__vkt_ldf(&g, p), inv));
                alpha_spirv_for_end(m);
            } else {
                uint32_t lse = alpha_spirv_fadd(m, mx, alpha__vkt_glsl1(&g, ALPHA_SPIRV_GLSLstd450Log, sum));
                j = alpha_spirv_for_begin(m, zero_u, L, one_u);
                v = alpha__vkt_ldf(&g, alpha_spirv_iadd(m, x0, alpha_spirv_imul(m, j, inner)));
                alpha__vkt_stf(&g, alpha_spirv_iadd(m, y0, alpha_spirv_imul(m, j, inner)), alpha_spirv_fsub(m, v, lse));
                alpha_spirv_for_end(m);
            }
        } else if (kind == ALPHA__VKT_WHERE) {
            /* out = cond ? a : b; cond i32 (word 5 = 1) or f32 (nonzero, NaN included) */
            uint32_t off[4], rem = idx, cf, ci, c;
            off[0] = alpha__vkt_pc(&g, 1); off[1] = alpha__vkt_pc(&g, 2); off[2] = alpha__vkt_pc(&g, 3); off[3] = alpha__vkt_pc(&g, 4);
            alpha__vkt_gen_index(&g, &rem, 7, ALPHA__VKT_WD, 5, 4, off);
            ci = alpha_spirv_ine(m, alpha__vkt_ldu(&g, off[1]), zero_u);
            cf = alpha_spirv_lnot(m, alpha_spirv_feq(m, alpha__vkt_ldf(&g, off[1]), alpha__vkt_cf(&g, 0.0f)));
            c = alpha_spirv_select(m, alpha_spirv_ine(m, alpha__vkt_pc(&g, 5), zero_u), ci, cf);
            alpha__vkt_stu(&g, off[0], alpha_spirv_select(m, c, alpha__vkt_ldu(&g, off[2]), alpha__vkt_ldu(&g, off[3])));
        } else if (kind == ALPHA__VKT_DROP) {
            /* Philox-4x32-10 (alpha__philox of alpha_tensor.h): counter = offset + i (64-bit), key = seed;
               u = (w0 >> 8) 2^-24; y = u < p ? 0 : x * scale */
            uint32_t sm[2], st2, lo, hi, c0, c1, c2, c3, k0, k1, p0, p1, n0, n2, u, x, rr;
            sm[0] = g.u32; sm[1] = g.u32;
            st2 = alpha_spirv_type_struct(m, 2, sm);
            lo = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 5), idx);
            hi = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 6), alpha_spirv_select(m, alpha_spirv_ilt(m, lo, alpha__vkt_pc(&g, 5)), one_u, zero_u));
            c0 = lo; c1 = hi; c2 = zero_u; c3 = zero_u; k0 = alpha__vkt_pc(&g, 3); k1 = alpha__vkt_pc(&g, 4);
            for (rr = 0; rr < 10; rr++) {
                p0 = alpha_spirv_opn(m, ALPHA_SPIRV_OpUMulExtended, st2, 2, alpha__vkt_cu(&g, 0xD2511F53u), c0);
                p1 = alpha_spirv_opn(m, ALPHA_SPIRV_OpUMulExtended, st2, 2, alpha__vkt_cu(&g, 0xCD9E8D57u), c2);
                n0 = alpha_spirv_bxor(m, alpha_spirv_bxor(m, alpha_spirv_extract(m, p1, 1), c1), k0);
                n2 = alpha_spirv_bxor(m, alpha_spirv_bxor(m, alpha_spirv_extract(m, p0, 1), c3), k1);
                c1 = alpha_spirv_extract(m, p1, 0); c3 = alpha_spirv_extract(m, p0, 0); c0 = n0; c2 = n2;
                if (rr < 9) { k0 = alpha_spirv_iadd(m, k0, alpha__vkt_cu(&g, 0x9E3779B9u)); k1 = alpha_spirv_iadd(m, k1, alpha__vkt_cu(&g, 0xBB67AE85u)); }
            }
            u = alpha_spirv_fmul(m, alpha_spirv_cast(m, g.f32, alpha_spirv_shr(m, c0, alpha__vkt_cu(&g, 8))), alpha__vkt_cf(&g, 1.0f / 16777216.0f));
            x = alpha__vkt_ldf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 1), idx));
            alpha__vkt_stf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 2), idx),
                           alpha_spirv_select(m, alpha_spirv_flt(m, u, alpha__vkt_pcf(&g, 7)), alpha__vkt_cf(&g, 0.0f),
                                              alpha_spirv_fmul(m, x, alpha__vkt_pcf(&g, 8))));
        } else if (attn) {
            alpha__vkt_gen_attention(&g, kind, op, idx, dims, va, vb, best, acc);
        } else if (kind == ALPHA__VKT_SUMSQ) {
            /* workgroups of n = dims invocations (a power of two, 64 to 1024); workgroup w covers
               x[lo, hi) with lo = w chunk, hi = lo + min(chunk, count - lo): invocation i sums
               x[lo+i], x[lo+i+n], ... (squared when `square`; compensated), then invocation 0
               adds the n partial sums in order into y[w]: fixed order, so deterministic. Words
               G n, count, off_x, off_y, chunk, square. One workgroup (chunk = count) sums it all;
               the multi-workgroup sum is two dispatches: G workgroups write G partial sums, then
               one workgroup with square = 0 adds those. (All pass the bounds check: the barrier
               is uniform.) */
            uint32_t part = alpha_spirv_shared_array(m, g.f32, dims), j, v, yk, t, x0 = alpha__vkt_pc(&g, 2), cn = alpha__vkt_cu(&g, dims);
            uint32_t lid = alpha_spirv_umod(m, idx, cn), w = alpha_spirv_udiv(m, idx, cn), lo, left, hi, sq;
            lo = alpha_spirv_imul(m, w, alpha__vkt_pc(&g, 4));
            left = alpha_spirv_isub(m, alpha__vkt_pc(&g, 1), lo);
            hi = alpha_spirv_iadd(m, lo, alpha_spirv_select(m, alpha_spirv_ilt(m, left, alpha__vkt_pc(&g, 4)), left, alpha__vkt_pc(&g, 4)));
            sq = alpha_spirv_ine(m, alpha__vkt_pc(&g, 5), zero_u);
            alpha_spirv_store(m, acc, alpha__vkt_cf(&g, 0.0f));
            alpha_spirv_store(m, acc2, alpha__vkt_cf(&g, 0.0f));
            j = alpha_spirv_for_begin(m, alpha_spirv_iadd(m, lo, lid), hi, cn);
            v = alpha__vkt_ldf(&g, alpha_spirv_iadd(m, x0, j));
            yk = alpha_spirv_fsub(m, alpha_spirv_select(m, sq, alpha_spirv_fmul(m, v, v), v), alpha_spirv_load(m, acc2));
            t = alpha_spirv_fadd(m, alpha_spirv_load(m, acc), yk);
            alpha_spirv_store(m, acc2, alpha_spirv_fsub(m, alpha_spirv_fsub(m, t, alpha_spirv_load(m, acc)), yk));
            alpha_spirv_store(m, acc, t);
            alpha_spirv_for_end(m);
            alpha__vkt_gen_wg_sum(&g, part, lid, dims, acc);
            alpha__vkt_stf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 3), w), alpha_spirv_load(m, acc));
            alpha_spirv_if_end(m);
        } else if (kind == ALPHA__VKT_CE && op == ALPHA_OP_MEAN) {
            /* one workgroup: the mean of the per-row losses over targets != ignore: words 1, N, -, off_t, off_rowloss, off_y, ignore */
            uint32_t j, keep, res;
            alpha_spirv_store(m, acc, alpha__vkt_cf(&g, 0.0f));
            alpha_spirv_store(m, cnt, zero_u);
            j = alpha_spirv_for_begin(m, lid, alpha__vkt_pc(&g, 1), c64);
            keep = alpha_spirv_ine(m, alpha__vkt_ldu(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 3), j)), alpha__vkt_pc(&g, 6));
            alpha_spirv_store(m, cnt, alpha_spirv_iadd(m, alpha_spirv_load(m, cnt), alpha_spirv_select(m, keep, one_u, zero_u)));
            alpha_spirv_store(m, acc, alpha_spirv_fadd(m, alpha_spirv_load(m, acc), alpha__vkt_ldf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 4), j))));
            alpha_spirv_for_end(m);
            alpha__vkt_wg_reduce(&g, part, lid, acc, ALPHA__VKT_RED_SUM);
            alpha__vkt_wg_reduce(&g, part, lid, cnt, ALPHA__VKT_RED_COUNT);
            alpha_spirv_if_begin(m, alpha_spirv_ieq(m, lid, zero_u));
            res = alpha_spirv_fdiv(m, alpha_spirv_load(m, acc), alpha_spirv_cast(m, g.f32, alpha_spirv_load(m, cnt)));
            alpha__vkt_stf(&g, alpha__vkt_pc(&g, 5),
                           alpha_spirv_select(m, alpha_spirv_ine(m, alpha_spirv_load(m, cnt), zero_u), res, alpha__vkt_cf(&g, 0.0f)));
            alpha_spirv_if_end(m);
        } else if (kind == ALPHA__VKT_CE) {
            /* a workgroup per row: words N, V, off_x, off_t, off_a, off_b, ignore, off_gloss, flags.
               forward: a = row losses, b = lse out; backward: a = gradient, b = lse in (flags 1) */
            uint32_t V = alpha__vkt_pc(&g, 1), x0 = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 2), alpha_spirv_imul(m, idx, V));
            uint32_t t = alpha__vkt_ldu(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 3), idx)), ign = alpha__vkt_pc(&g, 6);
            uint32_t j, v, lse, fwd = op == ALPHA_OP_CROSS_ENTROPY, g0 = 0, sc = 0;
            if (!fwd) {
                /* scale = gloss / (number of targets != ignore) */
                uint32_t q, keep;
                g0 = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 4), alpha_spirv_imul(m, idx, V));
                alpha_spirv_store(m, cnt, zero_u);
                q = alpha_spirv_for_begin(m, lid, alpha__vkt_pc(&g, 0), c64);
                keep = alpha_spirv_ine(m, alpha__vkt_ldu(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 3), q)), ign);
                alpha_spirv_store(m, cnt, alpha_spirv_iadd(m, alpha_spirv_load(m, cnt), alpha_spirv_select(m, keep, one_u, zero_u)));
                alpha_spirv_for_end(m);
                alpha__vkt_wg_reduce(&g, part, lid, cnt, ALPHA__VKT_RED_COUNT);
                sc = alpha_spirv_fdiv(m, alpha__vkt_ldf(&g, alpha__vkt_pc(&g, 7)), alpha_spirv_cast(m, g.f32, alpha_spirv_load(m, cnt)));
            }
            alpha_spirv_if_begin(m, alpha_spirv_ieq(m, t, ign));
            if (fwd) {
                alpha_spirv_if_begin(m, alpha_spirv_ieq(m, lid, zero_u));
                alpha__vkt_stf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 4), idx), alpha__vkt_cf(&g, 0.0f));
                alpha_spirv_if_end(m);
            } else {
                j = alpha_spirv_for_begin(m, lid, V, c64);
                alpha__vkt_stf(&g, alpha_spirv_iadd(m, g0, j), alpha__vkt_cf(&g, 0.0f));
                alpha_spirv_for_end(m);
            }
            alpha_spirv_else(m);
            /* lse: given (backward with flags 1) or max + log(sum exp(x - max)) in one pass over
               the row (the [B T, V] logits are read once, not twice: they do not stay in L2):
               each invocation keeps its running max mi and sum si of exp(x - mi), rescaled by
               exp(mi - x) when x is a new max (one exp either way: exp(-|x - mi|)); then the
               workgroup's max M and sum of si exp(mi - M). mi starts at -FLT_MAX, not -inf: a
               -inf logit then adds exp(-inf) = 0, never exp(-inf + inf) */
            alpha_spirv_if_begin(m, fwd ? alpha_spirv_const_bool(m, 1)
                                        : alpha_spirv_ieq(m, alpha_spirv_band(m, alpha__vkt_pc(&g, 8), one_u), zero_u));
            alpha_spirv_store(m, best, alpha__vkt_bits(&g, 0xFF7FFFFFu));
            alpha_spirv_store(m, acc, alpha__vkt_cf(&g, 0.0f));
            j = alpha_spirv_for_begin(m, lid, V, c64);
            {
                uint32_t mi = alpha_spirv_load(m, best), si = alpha_spirv_load(m, acc), d, e, up;
                v = alpha__vkt_ldf(&g, alpha_spirv_iadd(m, x0, j));
                d = alpha_spirv_fsub(m, v, mi);
                e = alpha__vkt_glsl1(&g, ALPHA_SPIRV_GLSLstd450Exp, alpha_spirv_fneg(m, alpha__vkt_glsl1(&g, ALPHA_SPIRV_GLSLstd450FAbs, d)));
                up = alpha_spirv_fgt(m, d, alpha__vkt_cf(&g, 0.0f));
                alpha_spirv_store(m, acc, alpha_spirv_select(m, up, alpha_spirv_fadd(m, alpha_spirv_fmul(m, si, e), alpha__vkt_cf(&g, 1.0f)),
                                                             alpha_spirv_fadd(m, si, e)));
                alpha_spirv_store(m, best, alpha_spirv_select(m, up, v, mi));
            }
            alpha_spirv_for_end(m);
            alpha_spirv_store(m, acc2, alpha_spirv_load(m, best));   /* mi, before best becomes M */
            alpha__vkt_wg_reduce(&g, part, lid, best, ALPHA__VKT_RED_MAX);
            alpha_spirv_store(m, acc, alpha_spirv_fmul(m, alpha_spirv_load(m, acc),
                                                       alpha__vkt_glsl1(&g, ALPHA_SPIRV_GLSLstd450Exp, alpha_spirv_fsub(m, alpha_spirv_load(m, acc2), alpha_spirv_load(m, best)))));
            alpha__vkt_wg_reduce(&g, part, lid, acc, ALPHA__VKT_RED_SUM);
            alpha_spirv_store(m, acc2, alpha_spirv_fadd(m, alpha_spirv_load(m, best), alpha__vkt_glsl1(&g, ALPHA_SPIRV_GLSLstd450Log, alpha_spirv_load(m, acc))));
            if (!fwd) {
                alpha_spirv_else(m);
                alpha_spirv_store(m, acc2, alpha__vkt_ldf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 5), idx)));
            }
            alpha_spirv_if_end(m);
            lse = alpha_spirv_load(m, acc2);
            if (fwd) {
                alpha_spirv_if_begin(m, alpha_spirv_ieq(m, lid, zero_u));
                alpha__vkt_stf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 4), idx), alpha_spirv_fsub(m, lse, alpha__vkt_ldf(&g, alpha_spirv_iadd(m, x0, t))));
                alpha__vkt_stf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 5), idx), lse);
                alpha_spirv_if_end(m);
            } else {   /* exp(x - lse) sc, less sc at the target */
                j = alpha_spirv_for_begin(m, lid, V, c64);
                v = alpha__vkt_glsl1(&g, ALPHA_SPIRV_GLSLstd450Exp, alpha_spirv_fsub(m, alpha__vkt_ldf(&g, alpha_spirv_iadd(m, x0, j)), lse));
                v = alpha_spirv_fmul(m, v, sc);
                alpha__vkt_stf(&g, alpha_spirv_iadd(m, g0, j), alpha_spirv_select(m, alpha_spirv_ieq(m, j, t), alpha_spirv_fsub(m, v, sc), v));
                alpha_spirv_for_end(m);
            }
            alpha_spirv_if_end(m);
        } else if (kind == ALPHA__VKT_LNB && op == ALPHA_OP_LAYERNORM_BACKWARD) {
            /* a workgroup per row: words rows, C, off_x, off_w, off_mean, off_rstd, off_g, off_gx, off_pw, off_pb, flags */
            uint32_t C = alpha__vkt_pc(&g, 1), base = alpha_spirv_imul(m, idx, C), x0, g0, y0, mean, rs, hasw, j, xh, dxh, a1, a2, fc;
            x0 = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 2), base);
            g0 = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 6), base);
            y0 = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 7), base);
            mean = alpha__vkt_ldf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 4), idx));
            rs = alpha__vkt_ldf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 5), idx));
            hasw = alpha_spirv_ine(m, alpha_spirv_band(m, alpha__vkt_pc(&g, 10), one_u), zero_u);
            fc = alpha_spirv_cast(m, g.f32, C);
            alpha_spirv_store(m, acc, alpha__vkt_cf(&g, 0.0f));
            alpha_spirv_store(m, acc2, alpha__vkt_cf(&g, 0.0f));
            j = alpha_spirv_for_begin(m, lid, C, c64);
            xh = alpha_spirv_fmul(m, alpha_spirv_fsub(m, alpha__vkt_ldf(&g, alpha_spirv_iadd(m, x0, j)), mean), rs);
            dxh = alpha_spirv_fmul(m, alpha__vkt_ldf(&g, alpha_spirv_iadd(m, g0, j)),
                                   alpha_spirv_select(m, hasw, alpha__vkt_ldf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 3), j)), alpha__vkt_cf(&g, 1.0f)));
            alpha_spirv_store(m, acc, alpha_spirv_fadd(m, alpha_spirv_load(m, acc), dxh));
            alpha_spirv_store(m, acc2, alpha_spirv_fadd(m, alpha_spirv_load(m, acc2), alpha_spirv_fmul(m, dxh, xh)));
            alpha_spirv_for_end(m);
            alpha__vkt_wg_reduce(&g, part, lid, acc, ALPHA__VKT_RED_SUM);
            alpha__vkt_wg_reduce(&g, part, lid, acc2, ALPHA__VKT_RED_SUM);
            a1 = alpha_spirv_fdiv(m, alpha_spirv_load(m, acc), fc);
            a2 = alpha_spirv_fdiv(m, alpha_spirv_load(m, acc2), fc);
            j = alpha_spirv_for_begin(m, lid, C, c64);
            xh = alpha_spirv_fmul(m, alpha_spirv_fsub(m, alpha__vkt_ldf(&g, alpha_spirv_iadd(m, x0, j)), mean), rs);
            dxh = alpha_spirv_fmul(m, alpha__vkt_ldf(&g, alpha_spirv_iadd(m, g0, j)),
                                   alpha_spirv_select(m, hasw, alpha__vkt_ldf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 3), j)), alpha__vkt_cf(&g, 1.0f)));
            alpha__vkt_stf(&g, alpha_spirv_iadd(m, y0, j),
                           alpha_spirv_fmul(m, rs, alpha_spirv_fsub(m, alpha_spirv_fsub(m, dxh, a1), alpha_spirv_fmul(m, xh, a2))));
            alpha_spirv_for_end(m);
        } else if (kind == ALPHA__VKT_LNB) {
            /* the [32, C] partial sums of gw (flags 2) and gb (flags 4): one invocation per (block, channel),
               rows of the block in order (alpha__layernorm_bwd_block); word 11 = rows */
            uint32_t C = alpha__vkt_pc(&g, 1), rows = alpha__vkt_pc(&g, 11), blk = alpha_spirv_udiv(m, idx, C), c = alpha_spirv_umod(m, idx, C);
            uint32_t lo, hi, r, e, xh, gv, flags = alpha__vkt_pc(&g, 10), nb = alpha__vkt_cu(&g, ALPHA__VKT_LN_BLOCKS);
            lo = alpha_spirv_udiv(m, alpha_spirv_imul(m, rows, blk), nb);
            hi = alpha_spirv_udiv(m, alpha_spirv_imul(m, rows, alpha_spirv_iadd(m, blk, one_u)), nb);
            alpha_spirv_store(m, acc, alpha__vkt_cf(&g, 0.0f));
            alpha_spirv_store(m, acc2, alpha__vkt_cf(&g, 0.0f));
            r = alpha_spirv_for_begin(m, lo, hi, one_u);
            e = alpha_spirv_iadd(m, alpha_spirv_imul(m, r, C), c);
            xh = alpha_spirv_fmul(m, alpha_spirv_fsub(m, alpha__vkt_ldf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 2), e)),
                                                      alpha__vkt_ldf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 4), r))),
                                  alpha__vkt_ldf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 5), r)));
            gv = alpha__vkt_ldf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 6), e));
            alpha_spirv_store(m, acc, alpha_spirv_fadd(m, alpha_spirv_load(m, acc), alpha_spirv_fmul(m, gv, xh)));
            alpha_spirv_store(m, acc2, alpha_spirv_fadd(m, alpha_spirv_load(m, acc2), gv));
            alpha_spirv_for_end(m);
            alpha_spirv_if_begin(m, alpha_spirv_ine(m, alpha_spirv_band(m, flags, alpha__vkt_cu(&g, 2)), zero_u));
            alpha__vkt_stf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 8), idx), alpha_spirv_load(m, acc));
            alpha_spirv_if_end(m);
            alpha_spirv_if_begin(m, alpha_spirv_ine(m, alpha_spirv_band(m, flags, alpha__vkt_cu(&g, 4)), zero_u));
            alpha__vkt_stf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 9), idx), alpha_spirv_load(m, acc2));
            alpha_spirv_if_end(m);
        } else if (kind == ALPHA__VKT_EMBB) {
            /* words count (invocations), n, V, off_idx, off_g, off_y, off_link (2 n scratch words: next[t], then
               has_prev[t]). op FILL: y = 0, has_prev = 0 (one invocation per element);
               EMBEDDING: next[t] = the next position with t's index (n: none), has_prev of that
               one = 1 (one invocation per position); EMBEDDING_BACKWARD: one invocation per
               (position t, channel c) where t is its index's first position: walks the positions
               with that index in order, y[idx[t], c] = 0 + g[t, c] + g[next, c] + ... (the CPU's
               sum, term for term: repeated indices without races, deterministic); word 7 = C.
               ALPHA__VKT_EMBB_ACC (ALPHA_NODE_ACCUMULATE): FILL leaves y alone and the sums add
               into it (y + (0 + g[t, c] + ...): the separate sum and add's values) */
            uint32_t C = alpha__vkt_pc(&g, 7), n = alpha__vkt_pc(&g, 1), link = alpha__vkt_pc(&g, 6), p;
            alpha_spirv_loop lp;
            if (op == ALPHA_OP_FILL) {
                if (!(dims & ALPHA__VKT_EMBB_ACC)) {
                    alpha_spirv_if_begin(m, alpha_spirv_ilt(m, idx, alpha_spirv_imul(m, alpha__vkt_pc(&g, 2), C)));
                    alpha__vkt_stf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 5), idx), alpha__vkt_cf(&g, 0.0f));
                    alpha_spirv_if_end(m);
                }
                alpha_spirv_if_begin(m, alpha_spirv_ilt(m, idx, n));
                alpha__vkt_stu(&g, alpha_spirv_iadd(m, alpha_spirv_iadd(m, link, n), idx), zero_u);
                alpha_spirv_if_end(m);
            } else if (op == ALPHA_OP_EMBEDDING) {
                uint32_t id = alpha__vkt_ldu(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 3), idx)), last = alpha_spirv_isub(m, n, one_u), nx;
                alpha_spirv_store(m, pos, alpha_spirv_iadd(m, idx, one_u));
                alpha_spirv_loop_begin(m, &lp);
                p = alpha_spirv_load(m, pos);
                alpha_spirv_loop_while(m, alpha_spirv_land(m, alpha_spirv_ilt(m, p, n), alpha_spirv_ine(m, id,
                                       alpha__vkt_ldu(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 3), alpha_spirv_glsl(m, ALPHA_SPIRV_GLSLstd450UMin, 2, p, last))))));
                alpha_spirv_store(m, pos, alpha_spirv_iadd(m, alpha_spirv_load(m, pos), one_u));
                alpha_spirv_loop_end(m);
                nx = alpha_spirv_load(m, pos);
                alpha__vkt_stu(&g, alpha_spirv_iadd(m, link, idx), nx);
                alpha_spirv_if_begin(m, alpha_spirv_ilt(m, nx, n));
                alpha__vkt_stu(&g, alpha_spirv_iadd(m, alpha_spirv_iadd(m, link, n), nx), one_u);
                alpha_spirv_if_end(m);
            } else {
                uint32_t t = alpha_spirv_udiv(m, idx, C), c = alpha_spirv_umod(m, idx, C), id;
                alpha_spirv_if_begin(m, alpha_spirv_ieq(m, alpha__vkt_ldu(&g, alpha_spirv_iadd(m, alpha_spirv_iadd(m, link, n), t)), zero_u));
                alpha_spirv_store(m, acc, alpha__vkt_cf(&g, 0.0f));
                alpha_spirv_store(m, pos, t);
                alpha_spirv_loop_begin(m, &lp);
                p = alpha_spirv_load(m, pos);
                alpha_spirv_loop_while(m, alpha_spirv_ilt(m, p, n));
                p = alpha_spirv_load(m, pos);
                alpha_spirv_store(m, acc, alpha_spirv_fadd(m, alpha_spirv_load(m, acc),
                                  alpha__vkt_ldf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 4), alpha_spirv_iadd(m, alpha_spirv_imul(m, p, C), c)))));
                alpha_spirv_store(m, pos, alpha__vkt_ldu(&g, alpha_spirv_iadd(m, link, p)));
                alpha_spirv_loop_end(m);
                id = alpha__vkt_ldu(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 3), t));
                p = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 5), alpha_spirv_iadd(m, alpha_spirv_imul(m, id, C), c));
                alpha__vkt_stf(&g, p, (dims & ALPHA__VKT_EMBB_ACC) ? alpha_spirv_fadd(m, alpha__vkt_ldf(&g, p), alpha_spirv_load(m, acc)) : alpha_spirv_load(m, acc));
                alpha_spirv_if_end(m);
            }
        } else if (kind == ALPHA__VKT_SCAT) {
            /* one invocation per row: words R, k, L, off_idx, off_g, off_y; zero the row, add in order */
            uint32_t k = alpha__vkt_pc(&g, 1), L = alpha__vkt_pc(&g, 2), y0 = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 5), alpha_spirv_imul(m, idx, L));
            uint32_t s0 = alpha_spirv_imul(m, idx, k), j, p;
            j = alpha_spirv_for_begin(m, zero_u, L, one_u);
            alpha__vkt_stf(&g, alpha_spirv_iadd(m, y0, j), alpha__vkt_cf(&g, 0.0f));
            alpha_spirv_for_end(m);
            j = alpha_spirv_for_begin(m, zero_u, k, one_u);
            p = alpha_spirv_iadd(m, y0, alpha__vkt_ldu(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 3), alpha_spirv_iadd(m, s0, j))));
            alpha__vkt_stf(&g, p, alpha_spirv_fadd(m, alpha__vkt_ldf(&g, p), alpha__vkt_ldf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 4), alpha_spirv_iadd(m, s0, j)))));
            alpha_spirv_for_end(m);
        } else if (kind == ALPHA__VKT_TOPK) {
            /* one invocation per row (alpha__topk_range): words rows, L, k, off_x, off_v, off_i; insertion into the outputs */
            uint32_t L = alpha__vkt_pc(&g, 1), k = alpha__vkt_pc(&g, 2), x0 = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 3), alpha_spirv_imul(m, idx, L));
            uint32_t v0 = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 4), alpha_spirv_imul(m, idx, k));
            uint32_t i0 = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 5), alpha_spirv_imul(m, idx, k));
            uint32_t j, xv, full, c, pp, pm, cond;
            alpha_spirv_loop lp;
            alpha_spirv_store(m, cnt, zero_u);
            j = alpha_spirv_for_begin(m, zero_u, L, one_u);
            xv = alpha__vkt_ldf(&g, alpha_spirv_iadd(m, x0, j));
            c = alpha_spirv_load(m, cnt);
            full = alpha_spirv_ieq(m, c, k);
            /* skip when full and not above the last kept value (index clamped: c may be 0) */
            cond = alpha_spirv_land(m, full, alpha_spirv_lnot(m, alpha_spirv_fgt(m, xv,
                       alpha__vkt_ldf(&g, alpha_spirv_iadd(m, v0, alpha_spirv_select(m, alpha_spirv_igt(m, c, zero_u), alpha_spirv_isub(m, c, one_u), zero_u))))));
            alpha_spirv_if_begin(m, alpha_spirv_lnot(m, cond));
            alpha_spirv_store(m, pos, alpha_spirv_select(m, full, alpha_spirv_isub(m, c, one_u), c));
            alpha_spirv_store(m, cnt, alpha_spirv_select(m, full, c, alpha_spirv_iadd(m, c, one_u)));
            alpha_spirv_loop_begin(m, &lp);
            pp = alpha_spirv_load(m, pos);
            pm = alpha_spirv_select(m, alpha_spirv_igt(m, pp, zero_u), alpha_spirv_isub(m, pp, one_u), zero_u);
            alpha_spirv_loop_while(m, alpha_spirv_land(m, alpha_spirv_igt(m, pp, zero_u), alpha_spirv_fgt(m, xv, alpha__vkt_ldf(&g, alpha_spirv_iadd(m, v0, pm)))));
            pp = alpha_spirv_load(m, pos);
            pm = alpha_spirv_isub(m, pp, one_u);
            alpha__vkt_stu(&g, alpha_spirv_iadd(m, v0, pp), alpha__vkt_ldu(&g, alpha_spirv_iadd(m, v0, pm)));
            alpha__vkt_stu(&g, alpha_spirv_iadd(m, i0, pp), alpha__vkt_ldu(&g, alpha_spirv_iadd(m, i0, pm)));
            alpha_spirv_store(m, pos, pm);
            alpha_spirv_loop_end(m);
            pp = alpha_spirv_load(m, pos);
            alpha__vkt_stf(&g, alpha_spirv_iadd(m, v0, pp), xv);
            alpha__vkt_stu(&g, alpha_spirv_iadd(m, i0, pp), j);
            alpha_spirv_if_end(m);
            alpha_spirv_for_end(m);
        } else if (kind == ALPHA__VKT_WREDUCE) {
            uint32_t part = alpha_spirv_shared_array(m, g.f32, 64), c64 = alpha__vkt_cu(&g, 64), lid = alpha_spirv_umod(m, idx, c64);
            uint32_t o = alpha_spirv_udiv(m, idx, c64), base[1], off[1], rem = o, r2, j, res;
            base[0] = alpha__vkt_pc(&g, 2);
            alpha__vkt_gen_index(&g, &rem, 4, ALPHA__VKT_RD, 2, 1, base);
            alpha_spirv_store(m, acc, alpha__vkt_cf(&g, 0.0f));
            j = alpha_spirv_for_begin(m, lid, alpha__vkt_pc(&g, 1), c64);
            off[0] = base[0]; r2 = j;
            alpha__vkt_gen_index(&g, &r2, 4 + 2 * ALPHA__VKT_RD, ALPHA__VKT_RD, 2, 1, off);
            alpha_spirv_store(m, acc, alpha_spirv_fadd(m, alpha_spirv_load(m, acc), alpha__vkt_ldf(&g, off[0])));
            alpha_spirv_for_end(m);
            alpha__vkt_gen_wg_sum(&g, part, lid, 64, acc);
            res = alpha_spirv_load(m, acc);
            if (op == ALPHA_OP_MEAN) res = alpha_spirv_fdiv(m, res, alpha_spirv_cast(m, g.f32, alpha__vkt_pc(&g, 1)));
            if (dims & ALPHA__VKT_RED_ACC) res = alpha_spirv_fadd(m, alpha__vkt_ldf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 3), o)), res);
            alpha__vkt_stf(&g, alpha_spirv_iadd(m, alpha__vkt_pc(&g, 3), o), res);
            alpha_spirv_if_end(m);
        } else { /* REDUCE */
            uint32_t base[1], rem = idx, j, off[1], r2, v, res;
            base[0] = alpha__vkt_pc(&g, 2);
            alpha__vkt_gen_index(&g, &rem, 4, ALPHA__VKT_RD, 2, 1, base);
            alpha_spirv_store(m, acc, alpha__vkt_cf(&g, 0.0f));
            alpha_spirv_store(m, best, alpha__vkt_ldf(&g, base[0]));
            alpha_spirv_store(m, bestj, zero_u);
            if (dims & ALPHA__VKT_RED_ONE) {
                /* one reduced dim of stride s: element base + j s, no index arithmetic (4
                   divisions an element), 4 loads in flight per step, added in order */
                uint32_t n = alpha__vkt_pc(&g, 1), s = alpha__vkt_pc(&g, 3 + 4 * ALPHA__VKT_RD), n4, q;
                n4 = alpha_spirv_band(m, n, alpha__vkt_cu(&g, ~3u));
                j = alpha_spirv_for_begin(m, zero_u, n4, alpha__vkt_cu(&g, 4));
                {
                    uint32_t e = alpha_spirv_iadd(m, base[0], alpha_spirv_imul(m, j, s)), x[4];
                    for (q = 0; q < 4; q++) x[q] = alpha__vkt_ldf(&g, alpha_spirv_iadd(m, e, alpha_spirv_imul(m, alpha__vkt_cu(&g, q), s)));
                    for (q = 0; q < 4; q++) alpha_spirv_store(m, acc, alpha_spirv_fadd(m, alpha_spirv_load(m, acc), x[q]));
                }
                alpha_spirv_for_end(m);
                j = alpha_spirv_for_begin(m, n4, n, one_u);
                alpha_spirv_store(m, acc, alpha_spirv_fadd(m, alpha_spirv_load(m, acc),
                                                           alpha__vkt_ldf(&g, alpha_spirv_iadd(m, base[0], alpha_spirv_imul(m, j, s)))));
                alpha_spirv_for_end(m);
            } else {
                j = alpha_spirv_for_begin(m, zero_u, alpha__vkt_pc(&g, 1), one_u);
                off[0] = base[0]; r2 = j;
                alpha__vkt_gen_index(&g, &r2, 4 + 2 * ALPHA__VKT_RD, ALPHA__VKT_RD, 2, 1, off);
                v = alpha__vkt_ldf(&g, off[0]);
                if (op == ALPHA_OP_SUM || op == ALPHA_OP_MEAN) {
                    alpha_spirv_store(m, acc, alpha_spirv_fadd(m, alpha_spirv_load(m, acc), v));
                } else {
                    uint32_t b = alpha_spirv_load(m, best), take;
                    take = op == ALPHA_OP_MIN ? alpha_spirv_flt(m, v, b) : alpha_spirv_fgt(m, v, b);
                    take = alpha_spirv_lor(m, take, alpha_spirv_land(m, alpha__vkt_isnan(&g, v), alpha_spirv_lnot(m, alpha__vkt_isnan(&g, b))));
                    alpha_spirv_store(m, best, alpha_spirv_select(m, take, v, b));
                    alpha_spirv_store(m, bestj, alpha_spirv_select(m, take, j, alpha_spirv_load(m, bestj)));
                }
                alpha_spirv_for_end(m);
            }
            off[0] = alpha_spirv_iadd(m, alpha__vkt_pc(&g, 3), idx);
            if (op == ALPHA_OP_ARGMAX) {
                alpha__vkt_stu(&g, off[0], alpha_spirv_load(m, bestj));
            } else {
                if (op == ALPHA_OP_SUM) res = alpha_spirv_load(m, acc);
                else if (op == ALPHA_OP_MEAN) res = alpha_spirv_fdiv(m, alpha_spirv_load(m, acc), alpha_spirv_cast(m, g.f32, alpha__vkt_pc(&g, 1)));
                else res = alpha_spirv_load(m, best);
                if (dims & ALPHA__VKT_RED_ACC) res = alpha_spirv_fadd(m, alpha__vkt_ldf(&g, off[0]), res);
                alpha__vkt_stf(&g, off[0], res);
            }
        }
        alpha_spirv_if_end(m);
    }
    return alpha__vk_module_end(m, out);
}

/* dims: the kernel's variant (EW dims, attention head size, sum-of-squares workgroup size; 0) */
static alpha_result alpha__vkt_pipeline(alpha__vkt *b, int kind, alpha_op op, uint32_t dims, alpha_vk_pipeline **out) {
    alpha_vk *vk = b->vk;
    uint64_t key = ALPHA__VKT_KEY | ((uint64_t)kind << 40) | ((uint64_t)op << 24) | dims;   /* dims < 2^24 */
    alpha_spirv_module *m = NULL;
    alpha_vk_pipeline_desc pd;
    alpha_result r;
    char what[96], name[64];
    if ((*out = alpha_vk_pipeline_find(vk, key)) != NULL) return ALPHA_OK;
    r = alpha__vkt_module(kind, op, dims, b->bda, &m);
    memset(&pd, 0, sizeof pd);
    pd.n_buffers = b->bda ? 0u : 1u;
    pd.push_size = 4u * alpha__vkt_push_words(kind, dims) + (b->bda ? 8u : 0u);
    pd.local_size[0] = alpha__vkt_local_size(kind, dims, 0);
    pd.local_size[1] = alpha__vkt_local_size(kind, dims, 1);
    pd.local_size[2] = 1u;
    pd.key = key;
    snprintf(name, sizeof name, "backend_k%d_%s_d%u", kind, alpha_op_name(op), dims);
    pd.name = name;
    snprintf(what, sizeof what, "alpha_vk_backend: generating the %s kernel", alpha_op_name(op));
    return alpha__vk_pipeline_from_module(vk, m, r, &pd, what, 1, out);
}

static alpha_result alpha__vkt_unsupported(alpha__vkt *b, const alpha_node *nd, const char *why) {
    snprintf(b->vk->err, sizeof b->vk->err, "alpha_vk_backend: %s: %s", alpha_op_name(nd->op), why);
    return ALPHA_ERR_UNSUPPORTED;
}

/* index of t's element 0 in the arena counted in t's own elements (u32 words for 4-byte dtypes,
   halves of them for 16-bit ones); 0 when it does not fit in 32 bits */
static int alpha__vkt_elem(const alpha_tensor *t, uint32_t *out) {
    uint64_t byte = (uint64_t)((uintptr_t)t->storage->data - 1u), sz = alpha_dtype_size(t->dtype), e;
    if (byte % sz || t->offset < 0) return 0;
    e = byte / sz + (uint64_t)t->offset;
    if (e > UINT32_MAX) return 0;
    *out = (uint32_t)e;
    return 1;
}
/* the same for the kernels that take 4-byte dtypes only */
static int alpha__vkt_base(const alpha_tensor *t, uint32_t *out) { return alpha_dtype_size(t->dtype) == 4 && alpha__vkt_elem(t, out); }

static alpha_result alpha__vkt_dispatch_v(alpha__vkt *b, int kind, alpha_op op, uint32_t dims, const uint32_t *push, uint32_t gx,
                                          uint32_t gy, uint32_t gz) {
    alpha_vk_pipeline *p;
    uint32_t groups[3];
    alpha_result r = alpha__vkt_pipeline(b, kind, op, dims, &p);
    if (r != ALPHA_OK) return r;
    groups[0] = gx; groups[1] = gy; groups[2] = gz;
    if (b->bda) {   /* the arena's address, then the kernel's words */
        uint32_t full[2 + 64];
        full[0] = (uint32_t)b->addr; full[1] = (uint32_t)(b->addr >> 32);
        memcpy(full + 2, push, p->push_size - 8u);
        return alpha_vk_dispatch(b->vk, p, NULL, full, p->push_size, groups);
    }
    return alpha_vk_dispatch(b->vk, p, &b->arena, push, p->push_size, groups);
}
/* two invocations per attention row (ALPHA__VKT_ATTN_PAIR: the kernels' 2 to 4 D registers of
   state per row spilled at D = 64 on the H100) where the device has subgroup shuffles and D is even */
static int alpha__vkt_attn_pairs(const alpha__vkt *b, const uint32_t *push) {
    return alpha_vk_get_info(b->vk)->subgroup_shuffle && push[4] % 2 == 0 && push[0] <= UINT32_MAX / 2;
}
/* the attention kernels' variant: the head size (push word 4), with ALPHA__VKT_ATTN_VEC4 where the
   rows they read (q, k, v through their offsets and strides; o and go, [rows, D]) start on
   16-byte boundaries and the arena is reached through its device address. Only for the gq
   kernel (ATTN, backward): measured on the H100 (small, D = 64, per 3 steps) gq 13.0 -> 9.8 ms,
   but the forward 9.3 -> 11.6 and ATTNKV 18.7 -> 117 ms (it holds k_r, v_r, gk, gv: 4 D
   registers before the loaded rows; 16-byte loads make it spill). */
static uint32_t alpha__vkt_attn_variant(const alpha__vkt *b, int kind, alpha_op op, const uint32_t *push) {
    uint32_t pair = alpha__vkt_attn_pairs(b, push), i;
    uint32_t ok = b->bda && kind == ALPHA__VKT_ATTN && op == ALPHA_OP_ATTENTION_BACKWARD && push[4] % (pair ? 8 : 4) == 0 &&
                  push[18] % 4 == 0 && push[20] % 4 == 0;
    for (i = 6; ok && i < 18; i++) ok = push[i] % 4 == 0;
    return push[4] | (ok ? ALPHA__VKT_ATTN_VEC4 : 0u) | (pair ? ALPHA__VKT_ATTN_PAIR : 0u);
}
/* the variant of kinds that have one per backend */
static alpha_result alpha__vkt_dispatch(alpha__vkt *b, int kind, alpha_op op, const uint32_t *push, uint32_t gx, uint32_t gy, uint32_t gz) {
    uint32_t dims = kind == ALPHA__VKT_EW ? b->ew_dims : kind == ALPHA__VKT_SUMSQ ? b->sumsq_threads : 0;   /* attention: alpha__vkt_attn_dispatch */
    return alpha__vkt_dispatch_v(b, kind, op, dims, push, gx, gy, gz);
}

/* n workgroups: (n, 1) or, beyond the device's x limit, a 2D grid */
static alpha_result alpha__vkt_groups_dispatch(alpha__vkt *b, int kind, alpha_op op, uint32_t variant, const uint32_t *push, uint32_t n) {
    uint32_t mx = alpha_vk_get_info(b->vk)->max_workgroup_count[0], gx, gy;
    if (mx == 0) mx = 65535;
    gx = n < mx ? n : mx;
    gy = gx ? (n + gx - 1) / gx : 0;
    return alpha__vkt_dispatch_v(b, kind, op, variant, push, gx, gy, 1);
}
/* merges dims (outermost first) of n_ops operands: drops size-1 dims, joins d-1 and d where every
   operand has st[d-1] == st[d] * shape[d]. Returns the new count. */
static int alpha__vkt_merge(int nd, int64_t *shape, int n_ops, int64_t (*st)[ALPHA_MAX_DIMS]) {
    int d, k, n = 0;
    for (d = 0; d < nd; d++) {
        int join = n > 0;
        if (shape[d] == 1) continue;
        for (k = 0; join && k < n_ops; k++) if (st[k][n - 1] != st[k][d] * shape[d]) join = 0;
        if (join) {
            shape[n - 1] *= shape[d];
            for (k = 0; k < n_ops; k++) st[k][n - 1] = st[k][d];
        } else {
            shape[n] = shape[d];
            for (k = 0; k < n_ops; k++) st[k][n] = st[k][d];
            n++;
        }
    }
    return n;
}
static int alpha__vkt_fits(int64_t v) { return v >= 0 && v <= (int64_t)UINT32_MAX; }

/* free arena memory for a kernel's scratch: above every allocation, 256-byte aligned */
static uint64_t alpha__vkt_free_base(const alpha__vkt *b) { return ((uint64_t)b->top + 255u) & ~(uint64_t)255u; }
/* one PACK dispatch (alpha__vkt_gen_pack): rows x L f32 elements from element src (row stride
   s_row, element stride s_col, ALPHA__VKT_MMB batch dims as (shape, stride) pairs) into dense
   16-bit rows of 8 G halves from word dst (a multiple of 4) */
static alpha_result alpha__vkt_pack(alpha__vkt *b, int f16, uint32_t rows, uint32_t L, uint32_t src, uint32_t s_row, uint32_t s_col,
                                    const uint32_t *bdims, uint64_t batches, uint32_t dst) {
    uint32_t push[8 + 2 * ALPHA__VKT_MMB], G = (L + 7) / 8, gx, gy, variant = f16 ? 1u : 0u, d;
    uint64_t n = batches * rows * G;
    int vec4 = b->bda && s_col == 1 && src % 4 == 0 && (rows == 1 || s_row % 4 == 0) && L % 4 == 0;
    if (n == 0) return ALPHA_OK;
    if (n > UINT32_MAX) return alpha__vk_fail(b->vk, ALPHA_ERR_UNSUPPORTED, "alpha_vk: a 16-bit operand copy of %llu x 8 halves (more than 2^32)",
                                              (unsigned long long)n);
    push[0] = (uint32_t)n; push[1] = rows; push[2] = G; push[3] = L; push[4] = src; push[5] = dst; push[6] = s_row; push[7] = s_col;
    memcpy(&push[8], bdims, sizeof(uint32_t) * 2 * ALPHA__VKT_MMB);
    for (d = 0; d < ALPHA__VKT_MMB; d++) if (bdims[2 * d] > 1 && bdims[2 * d + 1] % 4 != 0) vec4 = 0;
    if (vec4) variant |= ALPHA__VKT_PACK_VEC4;
    alpha__vk_grid(b->vk, (uint32_t)n, &gx, &gy);
    return alpha__vkt_dispatch_v(b, ALPHA__VKT_PACK, ALPHA_OP_CAST, variant, push, gx, gy, 1);
}
/* FILL, COPY, CAST, unary and binary ops, WHERE (n_in 3: its own kind, 4 operands): out and inputs of any strides */
static alpha_result alpha__vkt_ew(alpha__vkt *b, const alpha_node *nd, int n_in) {
    const alpha_tensor *y = nd->out, *t[4];
    int64_t shape[ALPHA_MAX_DIMS], st[4][ALPHA_MAX_DIMS], n = alpha_tensor_numel(y), n_outer, o;
    uint32_t push[7 + 5 * ALPHA__VKT_MAXD], base[4] = {0, 0, 0, 0}, gx, gy;
    int where = n_in == 3, kind = where ? ALPHA__VKT_WHERE : ALPHA__VKT_EW, nops = where ? 4 : 3;
    uint32_t D, wpd = where ? 5u : 4u, vec_flag = 0;
    int d, k, nm, cast;
    alpha_op op = nd->op;
    t[0] = y; t[1] = n_in > 0 ? nd->src[0] : NULL; t[2] = n_in > 1 ? nd->src[1] : NULL; t[3] = n_in > 2 ? nd->src[2] : NULL;
    if (!t[n_in]) return alpha__vkt_unsupported(b, nd, "missing input");
    /* equal 4-byte dtypes copy bits; any other COPY or CAST converts (16-bit operands included) */
    cast = (op == ALPHA_OP_COPY || op == ALPHA_OP_CAST) && (t[1]->dtype != y->dtype || alpha_dtype_size(y->dtype) != 4);
    for (k = 0; k <= n_in; k++) {
        if (!t[k]) return alpha__vkt_unsupported(b, nd, "missing input");
        if (!(cast ? alpha__vkt_elem(t[k], &base[k]) : alpha__vkt_base(t[k], &base[k])))
            return alpha__vkt_unsupported(b, nd, "needs 4-byte dtypes and offsets below 2^32 elements");
    }
    if (n == 0) return ALPHA_OK;
    if (!alpha__vkt_fits(n)) return alpha__vkt_unsupported(b, nd, "more than 2^32 elements");
    for (d = 0; d < y->ndim; d++) {
        shape[d] = y->shape[d];
        for (k = 0; k <= n_in; k++) {
            int j = d - (y->ndim - t[k]->ndim);
            st[k][d] = (j < 0 || t[k]->shape[j] == 1) ? 0 : t[k]->strides[j];
        }
        for (k = n_in + 1; k < 4; k++) st[k][d] = 0;
    }
    nm = alpha__vkt_merge(y->ndim, shape, 4, st);
    if (cast && t[1]->dtype == ALPHA_F32 && (y->dtype == ALPHA_BF16 || y->dtype == ALPHA_F16) && nm == 1 && st[0][0] == 1 &&
        shape[0] % 8 == 0 && base[0] % 8 == 0 && alpha__vkt_fits(st[1][0])) {
        /* a contiguous 16-bit result in whole 16-byte runs: PACK writes them (no atomics on half words) */
        uint32_t bdims[2 * ALPHA__VKT_MMB];
        for (d = 0; d < (int)ALPHA__VKT_MMB; d++) { bdims[2 * d] = 1; bdims[2 * d + 1] = 0; }
        return alpha__vkt_pack(b, y->dtype == ALPHA_F16, 1, (uint32_t)n, base[1], 0, (uint32_t)st[1][0], bdims, 1, base[0] / 2);
    }
    /* the EW kernel variant with the fewest dims that takes them (1, 2, 4 or the backend's most):
       each dim costs the kernel an integer division per element */
    D = where ? ALPHA__VKT_WD : nm <= 1 ? 1u : nm <= 2 ? 2u : nm <= 4 ? 4u : b->ew_dims;
    if (D > (where ? ALPHA__VKT_WD : b->ew_dims)) D = where ? ALPHA__VKT_WD : b->ew_dims;
    /* more merged dims than the kernel takes: the outer ones are looped here, one dispatch each */
    n_outer = 1;
    for (d = 0; d + (int)D < nm; d++) n_outer *= shape[d];
    if (n_outer > 4096) return alpha__vkt_unsupported(b, nd, "too many dims after merging");
    n /= n_outer;
    memset(push, 0, sizeof push);
    push[0] = (uint32_t)n;
    for (k = 0; k < nops; k++) push[1 + k] = base[k];
    if (op == ALPHA_OP_FILL) {
        if (y->dtype == ALPHA_F32) {
            float f = nd->f[0];
            memcpy(&push[4], &f, 4);
        } else if (y->dtype == ALPHA_I32) {   /* f32 -> i32: truncate, saturate, nan -> 0 */
            double v = (double)nd->f[0];
            int32_t iv = v != v ? 0 : v >= 2147483647.0 ? INT32_MAX : v <= -2147483648.0 ? INT32_MIN : (int32_t)v;
            memcpy(&push[4], &iv, 4);
        } else {
            return alpha__vkt_unsupported(b, nd, "fill of this dtype");
        }
    } else if (op == ALPHA_OP_COPY || op == ALPHA_OP_CAST) {
        op = cast ? ALPHA_OP_CAST : ALPHA_OP_COPY;
        push[4] = (uint32_t)nd->src[0]->dtype;
        push[5] = (uint32_t)y->dtype;
    } else if (where) {
        push[5] = nd->src[0]->dtype == ALPHA_I32 ? 1u : 0u;
    } else {
        memcpy(&push[4], &nd->f[0], 4);
        memcpy(&push[5], &nd->f[1], 4);
    }
    if (!where && b->bda && nm >= 1 && n_outer == 1 && shape[nm - 1] % 4 == 0 && op != ALPHA_OP_CAST) {
        /* the innermost dim contiguous in every operand, every other stride and offset a multiple
           of 4: the kernel moves 4 elements at a time (that dim counted in groups of 4) */
        int vec = 1;
        for (k = 0; k <= n_in; k++) {
            vec = vec && st[k][nm - 1] == 1 && base[k] % 4 == 0;
            for (d = 0; d < nm - 1; d++) vec = vec && st[k][d] % 4 == 0;
        }
        if (vec) {
            shape[nm - 1] /= 4;
            for (k = 0; k <= n_in; k++) st[k][nm - 1] = 4;
            n /= 4;
            push[0] = (uint32_t)n;
            vec_flag = ALPHA__VKT_EW_VEC4;
        }
    }
    for (d = 0; d < (int)D; d++) {
        int s = d - ((int)D - nm);   /* merged dims right-aligned; outer slots have shape 1 */
        uint32_t *w = &push[7 + wpd * (uint32_t)d];
        w[0] = 1;
        if (s < 0) continue;
        if (!alpha__vkt_fits(shape[s])) return alpha__vkt_unsupported(b, nd, "sizes beyond 2^32");
        w[0] = (uint32_t)shape[s];
        for (k = 0; k < nops; k++) {
            if (!alpha__vkt_fits(st[k][s])) return alpha__vkt_unsupported(b, nd, "negative strides or sizes beyond 2^32");
            w[1 + k] = (uint32_t)st[k][s];
        }
    }
    alpha__vk_grid(b->vk, (uint32_t)n, &gx, &gy);
    for (o = 0; o < n_outer; o++) {
        int64_t rem = o, add[4] = {0, 0, 0, 0};
        alpha_result r;
        for (d = nm - (int)D - 1; d >= 0; d--) {
            int64_t c = rem % shape[d];
            rem /= shape[d];
            for (k = 0; k < 4; k++) add[k] += c * st[k][d];
        }
        for (k = 0; k < nops; k++) {
            if (!alpha__vkt_fits((int64_t)base[k] + add[k])) return alpha__vkt_unsupported(b, nd, "offsets beyond 2^32");
            push[1 + k] = (uint32_t)((int64_t)base[k] + add[k]);
        }
        r = where ? alpha__vkt_dispatch(b, kind, op, push, gx, gy, 1) : alpha__vkt_dispatch_v(b, kind, op, D | vec_flag, push, gx, gy, 1);
        if (r != ALPHA_OK) return r;
    }
    return ALPHA_OK;
}

static alpha_result alpha__vkt_softmax(alpha__vkt *b, const alpha_node *nd) {
    const alpha_tensor *x = nd->src[0], *y = nd->out, *gr = nd->src[1];
    uint32_t push[6], gx, gy;
    int64_t outer = 1, inner = 1, L, rows;
    int d, axis = (int)nd->i[0];
    if (x->dtype != ALPHA_F32 || y->dtype != ALPHA_F32 || !alpha_tensor_is_contiguous(x) || !alpha_tensor_is_contiguous(y) ||
        axis < 0 || axis >= x->ndim)
        return alpha__vkt_unsupported(b, nd, "needs contiguous f32 tensors");
    if (!alpha__vkt_base(x, &push[3]) || !alpha__vkt_base(y, &push[4])) return alpha__vkt_unsupported(b, nd, "offsets beyond 2^32");
    push[5] = 0;
    if (nd->op == ALPHA_OP_SOFTMAX_BACKWARD || nd->op == ALPHA_OP_LOG_SOFTMAX_BACKWARD) {
        if (!gr || gr->dtype != ALPHA_F32 || !alpha_tensor_is_contiguous(gr) || !alpha__vkt_base(gr, &push[5]))
            return alpha__vkt_unsupported(b, nd, "needs a contiguous f32 gradient");
    }
    L = x->shape[axis];
    for (d = 0; d < axis; d++) outer *= x->shape[d];
    for (d = axis + 1; d < x->ndim; d++) inner *= x->shape[d];
    rows = outer * inner;
    if (rows == 0 || L == 0) return ALPHA_OK;
    if (!alpha__vkt_fits(rows * L)) return alpha__vkt_unsupported(b, nd, "more than 2^32 elements");
    push[0] = (uint32_t)rows; push[1] = (uint32_t)L; push[2] = (uint32_t)inner;
    alpha__vk_grid(b->vk, (uint32_t)rows, &gx, &gy);
    return alpha__vkt_dispatch(b, ALPHA__VKT_SOFTMAX, nd->op, push, gx, gy, 1);
}

/* whether the cooperative GEMM may load 16 bytes at a time (MATMUL push words): each operand
   has a contiguous dim whose extent, the other strides and the offset are multiples of 4 words */
static int alpha__vkt_mc_vec4(const uint32_t *push) {
    uint32_t M = push[0], N = push[1], K = push[2], d;
    int a_ok = push[7] == 1 ? push[6] % 4 == 0 && K % 4 == 0 : push[6] == 1 && push[7] % 4 == 0 && M % 4 == 0;
    int b_ok = push[9] == 1 ? push[8] % 4 == 0 && N % 4 == 0 : push[8] == 1 && push[9] % 4 == 0 && K % 4 == 0;
    if (!a_ok || !b_ok || push[3] % 4 || push[4] % 4) return 0;
    for (d = 0; d < ALPHA__VKT_MMB; d++)
        if (push[11 + 3 * d + 1] % 4 || push[11 + 3 * d + 2] % 4) return 0;
    return 1;
}

/* kept copies made from arena words in [lo, hi) are stale */
static void alpha__vkt_forget(alpha__vkt *b, uint64_t lo, uint64_t hi) {
    int i;
    for (i = b->n_kept; i-- > 0;) if (b->kept[i].lo < hi && lo < b->kept[i].hi) b->kept[i] = b->kept[--b->n_kept];
}
/* ... made from the words a tensor's elements lie in */
static void alpha__vkt_forget_tensor(alpha__vkt *b, const alpha_tensor *t) {
    uint64_t sz, first, last;
    int d;
    if (!t || !b->n_kept || !t->storage) return;
    sz = alpha_dtype_size(t->dtype);
    first = (uint64_t)((uintptr_t)t->storage->data - 1u) + (uint64_t)t->offset * sz;
    last = first;
    for (d = 0; d < t->ndim; d++) {
        if (t->shape[d] == 0) return;
        last += (uint64_t)(t->shape[d] - 1) * (uint64_t)t->strides[d] * sz;
    }
    alpha__vkt_forget(b, first / 4, (last + sz + 3) / 4);
}
/* a kernel's scratch above the arena's allocations ends at byte end: the peak counts it */
static void alpha__vkt_scratch_used(alpha__vkt *b, uint64_t end) {
    if (end > b->peak) b->peak = (size_t)end;
}
/* The cooperative-matrix GEMM reads its operands as dense 16-bit copies that PACK makes in free
   arena memory from byte *at (which moves past them): converting once there, not once per tile
   in the GEMM, and loading half the bytes, took the bf16 GEMM at 4096^3 from 101 to 166 TFLOP/s
   on the H100 (GPT-2's shapes 77-106 -> 101-138, PACK included). Each copy keeps its operand's
   contiguous dim (k or m for A, k or n for B) so the PACK reads coalesce, its rows padded with
   zeros to a multiple of 8 halves (the GEMM loads 8 at a time, all in range or all out); a
   broadcast batch dim is packed once. push's offsets become the copies' word offsets and its
   strides count halves. A copy the previous product made of the same elements in the same
   layout (b->copies: nothing ran in between) is used again: a linear layer's backward packs
   gy for dx = gy w^T and again for dw = x^T gy (GPT-2: 49 of 294 PACKs a step, the LM head's
   [B T, V] gradient among them). keep: the copies go to the top of the arena as kept copies
   (b->kept; a training forward's: its backward reads them again), unless this product reuses
   a copy above the top. */
static alpha_result alpha__vkt_mc_pack(alpha__vkt *b, uint32_t *push, int f16, int keep, uint64_t *at) {
    struct alpha__vkt_copy c[2];
    uint32_t Lp[2];
    int op, d, k, kdim[2], hit[2] = {-1, -1}, kept_hit[2] = {0, 0};
    uint64_t past = *at;   /* where new transient copies go: above the last product's copies this one reads */
    memset(c, 0, sizeof c);
    for (op = 0; op < 2; op++) {
        uint32_t s_mn = push[op ? 9 : 6], s_k = push[op ? 8 : 7], K = push[2], *key = c[op].key;
        uint32_t rows, L;
        uint64_t halves, batches = 1, span;
        kdim[op] = op ? push[9] != 1 : push[7] == 1;   /* the copy's rows run along k (else along m or n) */
        rows = kdim[op] ? push[op] : K; L = kdim[op] ? K : push[op]; Lp[op] = (L + 7u) / 8u * 8u;
        halves = (uint64_t)rows * Lp[op];
        for (d = (int)ALPHA__VKT_MMB - 1; d >= 0; d--) {   /* innermost first: the copy's batch strides */
            uint32_t *p = &push[11 + 3 * d];
            int packed = p[0] > 1 && p[1 + op] != 0;
            key[7 + 2 * d] = packed ? p[0] : 1u;
            key[7 + 2 * d + 1] = packed ? p[1 + op] : 0u;
            p[1 + op] = packed ? (uint32_t)(halves * batches) : 0u;
            if (packed) batches *= p[0];
            if (halves * batches > UINT32_MAX) break;
        }
        if (halves * batches > UINT32_MAX)
            return alpha__vk_fail(b->vk, ALPHA_ERR_UNSUPPORTED, "alpha_vk: a 16-bit operand copy beyond 2^32 halves or the 16 GiB the kernels address");
        key[0] = (uint32_t)f16; key[1] = rows; key[2] = L; key[3] = push[3 + op];
        key[4] = kdim[op] ? s_mn : s_k; key[5] = kdim[op] ? s_k : s_mn; key[6] = (uint32_t)batches;
        c[op].bytes = (2u * halves * batches + 255u) & ~(uint64_t)255u;
        span = 1 + (uint64_t)(rows - 1) * key[4] + (uint64_t)(L - 1) * key[5];   /* the words it reads: [lo, hi) */
        for (d = 0; d < (int)ALPHA__VKT_MMB; d++) span += (uint64_t)(key[7 + 2 * d] - 1) * key[7 + 2 * d + 1];
        c[op].lo = key[3]; c[op].hi = key[3] + span;
        for (k = 0; k < b->n_kept; k++)
            if (memcmp(b->kept[k].key, key, sizeof c[op].key) == 0) { hit[op] = k; kept_hit[op] = 1; }
        for (k = 0; hit[op] < 0 && k < b->n_copies; k++)   /* the last product's, not under memory allocated since */
            if (memcmp(b->copies[k].key, key, sizeof c[op].key) == 0 && b->copies[k].at >= alpha__vkt_free_base(b)) hit[op] = k;
    }
    for (op = 0; op < 2; op++)
        for (k = 0; hit[op] >= 0 && !kept_hit[op] && k < b->n_copies; k++) {
            if (b->copies[k].at + b->copies[k].bytes > past) past = b->copies[k].at + b->copies[k].bytes;
            keep = 0;   /* a kept copy would go where this one is */
        }
    for (op = 0; op < 2; op++) {
        uint32_t *key = c[op].key;
        if (hit[op] >= 0) {
            c[op].at = kept_hit[op] ? b->kept[hit[op]].at : b->copies[hit[op]].at;
        } else if (keep && b->n_kept < ALPHA__VKT_KEPT && alpha__vkt_free_base(b) + c[op].bytes <= b->size) {
            alpha_result r;
            c[op].at = alpha__vkt_free_base(b);   /* allocated like a tensor of the step */
            r = alpha__vkt_pack(b, f16, key[1], key[2], key[3], key[4], key[5], &key[7], key[6], (uint32_t)(c[op].at / 4));
            if (r != ALPHA_OK) return r;
            b->top = (size_t)(c[op].at + c[op].bytes);
            if (b->top > b->peak) b->peak = b->top;
            if (past < b->top) past = b->top;
            b->kept[b->n_kept++] = c[op];
        } else {
            alpha_result r;
            keep = 0;   /* a kept copy of the other operand would go at the top, where this one goes */
            if (past / 4 + c[op].bytes / 4 > UINT32_MAX)
                return alpha__vk_fail(b->vk, ALPHA_ERR_UNSUPPORTED, "alpha_vk: a 16-bit operand copy beyond 2^32 halves or the 16 GiB the kernels address");
            if (past + c[op].bytes > b->size)
                return alpha__vk_fail(b->vk, ALPHA_ERR_OOM, "alpha_vk: out of device memory: a %s product needs %llu free bytes of the arena "
                                      "for its 16-bit copy of operand %c (%llu are free; a larger --device-mem or ALPHA_VK_MATMUL=fp32)",
                                      f16 ? "f16" : "bf16", (unsigned long long)c[op].bytes, op ? 'B' : 'A',
                                      (unsigned long long)(past < b->size ? b->size - past : 0));
            r = alpha__vkt_pack(b, f16, key[1], key[2], key[3], key[4], key[5], &key[7], key[6], (uint32_t)(past / 4));
            if (r != ALPHA_OK) return r;
            c[op].at = past;
            past += c[op].bytes;
            alpha__vkt_scratch_used(b, past);
        }
        push[3 + op] = (uint32_t)(c[op].at / 4);
        push[op ? 9 : 6] = kdim[op] ? Lp[op] : 1u;   /* the m or n stride */
        push[op ? 8 : 7] = kdim[op] ? 1u : Lp[op];   /* the k stride */
    }
    memcpy(b->copies, c, sizeof c);
    b->n_copies = 2;
    *at = past;
    return ALPHA_OK;
}
/* A GEMM (kind MATMUL or MMC) of a product without batch dims, split along k when it has too few
   output tiles to fill the device (fewer than ALPHA__VKT_MC_WAVE) and k is long: the chunks'
   partial products go to free arena memory (above every allocation: nothing else runs between
   the two dispatches, and later writers come after the REDUCE), then one REDUCE adds them in
   order (deterministic). Without room for two chunks it runs unsplit. */
#define ALPHA__VKT_MC_WAVE 264u   /* two workgroups for each of an H100's 132 SMs */
/* REDUCE's ALPHA__VKT_RED_ONE where a SUM or MEAN (push: REDUCE words) reduces one dim, the
   innermost slot (every other reduced shape 1) */
static uint32_t alpha__vkt_red_one(const uint32_t *push, alpha_op op) {
    uint32_t d;
    if (op != ALPHA_OP_SUM && op != ALPHA_OP_MEAN) return 0;
    for (d = 0; d + 1 < ALPHA__VKT_RD; d++) if (push[4 + 2 * ALPHA__VKT_RD + 2 * d] != 1) return 0;
    return ALPHA__VKT_RED_ONE;
}
static alpha_result alpha__vkt_mc_split(alpha__vkt *b, int kind, uint32_t variant, uint32_t *push, uint64_t base) {
    uint64_t M = push[0], N = push[1], K = push[2], tiles, splits, chunk, room;
    uint32_t gx = (uint32_t)((N + ALPHA__VKT_MC_TILE - 1) / ALPHA__VKT_MC_TILE), gy = (uint32_t)((M + ALPHA__VKT_MC_TILE - 1) / ALPHA__VKT_MC_TILE);
    uint32_t red[4 + 4 * ALPHA__VKT_RD], rx, ry, d, off_c = push[5], kstep = kind == ALPHA__VKT_MMC ? ALPHA__VKT_MC_K : ALPHA__VKT_MS_K;
    alpha_result r;
    tiles = (uint64_t)gx * gy;
    splits = tiles >= ALPHA__VKT_MC_WAVE || (variant & (ALPHA__VKT_MC_BIAS | ALPHA__VKT_MC_GELU_GRAD)) ? 1
             : (ALPHA__VKT_MC_WAVE + tiles - 1) / tiles;   /* the REDUCE adds no bias, applies no gelu' */
    if (splits > K / 256) splits = K / 256;   /* chunks of at least 256 k */
    if (splits > 32) splits = 32;
    room = base < b->size ? (b->size - base) / 4 : 0;
    while (splits > 1 && splits * M * N > room) splits--;
    if (splits < 2 || !alpha__vkt_fits(splits * M * N) || base / 4 + splits * M * N > UINT32_MAX)
        return alpha__vkt_dispatch_v(b, kind, ALPHA_OP_MATMUL, variant, push, gx, gy, 1);
    chunk = (K + splits - 1) / splits;
    chunk = (chunk + kstep - 1) / kstep * kstep;
    splits = (K + chunk - 1) / chunk;
    push[10] = (uint32_t)chunk;
    push[5] = (uint32_t)(base / 4);
    alpha__vkt_scratch_used(b, base + 4u * splits * M * N);
    if ((r = alpha__vkt_dispatch_v(b, kind, ALPHA_OP_MATMUL, variant & ~ALPHA__VKT_MC_ACC, push, gx, gy, (uint32_t)splits)) != ALPHA_OK) return r;
    memset(red, 0, sizeof red);   /* C[i] = sum over z of part[z][i]: REDUCE words, one kept and one reduced dim */
    red[0] = (uint32_t)(M * N); red[1] = (uint32_t)splits; red[2] = (uint32_t)(base / 4); red[3] = off_c;
    for (d = 0; d < ALPHA__VKT_RD; d++) { red[4 + 2 * d] = 1; red[4 + 2 * ALPHA__VKT_RD + 2 * d] = 1; }
    red[4 + 2 * (ALPHA__VKT_RD - 1)] = (uint32_t)(M * N); red[4 + 2 * (ALPHA__VKT_RD - 1) + 1] = 1;
    red[4 + 4 * ALPHA__VKT_RD - 2] = (uint32_t)splits; red[4 + 4 * ALPHA__VKT_RD - 1] = (uint32_t)(M * N);
    alpha__vk_grid(b->vk, red[0], &rx, &ry);
    return alpha__vkt_dispatch_v(b, ALPHA__VKT_REDUCE, ALPHA_OP_SUM, (variant & ALPHA__VKT_MC_ACC ? ALPHA__VKT_RED_ACC : 0u) | alpha__vkt_red_one(red, ALPHA_OP_SUM),
                                 red, rx, ry, 1);
}

static alpha_result alpha__vkt_matmul(alpha__vkt *b, const alpha_node *nd) {
    const alpha_tensor *a = nd->src[0], *w = nd->src[1], *c = nd->out;
    uint32_t push[13 + 3 * ALPHA__VKT_MMB];
    int64_t shape[ALPHA_MAX_DIMS], st[2][ALPHA_MAX_DIMS], M, N, K, batches = 1, v[4];
    int d, nb = c->ndim - 2, nm, i, split;
    uint32_t variant;
    const alpha_vk_info *info = alpha_vk_get_info(b->vk);
    if (a->dtype != ALPHA_F32 || w->dtype != ALPHA_F32 || c->dtype != ALPHA_F32 || nb < 0 || a->ndim < 2 || w->ndim < 2 ||
        !alpha_tensor_is_contiguous(c))
        return alpha__vkt_unsupported(b, nd, "needs f32 operands and a contiguous output");
    memset(push, 0, sizeof push);
    if (!alpha__vkt_base(a, &push[3]) || !alpha__vkt_base(w, &push[4]) || !alpha__vkt_base(c, &push[5]))
        return alpha__vkt_unsupported(b, nd, "offsets beyond 2^32");
    M = c->shape[nb]; N = c->shape[nb + 1]; K = a->shape[a->ndim - 1];
    for (d = 0; d < nb; d++) {
        int ja = d - (nb - (a->ndim - 2)), jb = d - (nb - (w->ndim - 2));
        shape[d] = c->shape[d];
        batches *= c->shape[d];
        st[0][d] = (ja < 0 || a->shape[ja] == 1) ? 0 : a->strides[ja];
        st[1][d] = (jb < 0 || w->shape[jb] == 1) ? 0 : w->strides[jb];
    }
    if (M == 0 || N == 0 || batches == 0) return ALPHA_OK;
    nm = alpha__vkt_merge(nb, shape, 2, st);
    if ((uint32_t)nm > ALPHA__VKT_MMB) return alpha__vkt_unsupported(b, nd, "more than 4 batch dims after merging");
    v[0] = a->strides[a->ndim - 2]; v[1] = a->strides[a->ndim - 1]; v[2] = w->strides[w->ndim - 2]; v[3] = w->strides[w->ndim - 1];
    split = batches == 1;
    if (nm == 1 && st[1][0] == 0 && st[0][0] == M * v[0]) {
        /* x [B, T, K] @ W [K, N], W shared by the batch: one [B T, K] @ [K, N] product (a
           linear layer's forward and dx), so that the 16-bit copy of gy made for dx is the one
           its dw, a 2-D product, reads. Not split along k: the batched product's workgroups
           (a split of these shapes is not measured) */
        M *= shape[0];
        batches = 1;
        nm = 0;
    }
    for (i = 0; i < 4; i++) if (!alpha__vkt_fits(v[i])) return alpha__vkt_unsupported(b, nd, "negative strides");
    if (!alpha__vkt_fits(batches * M * N) || !alpha__vkt_fits(K) ||
        (uint64_t)batches > info->max_workgroup_count[2] || (uint64_t)((M + 7) / 8) > info->max_workgroup_count[1] ||
        (uint64_t)((N + 7) / 8) > info->max_workgroup_count[0])
        return alpha__vkt_unsupported(b, nd, "sizes beyond the device's workgroup counts");
    push[0] = (uint32_t)M; push[1] = (uint32_t)N; push[2] = (uint32_t)K;
    push[6] = (uint32_t)v[0]; push[7] = (uint32_t)v[1]; push[8] = (uint32_t)v[2]; push[9] = (uint32_t)v[3];
    for (d = 0; d < (int)ALPHA__VKT_MMB; d++) {
        int s = d - ((int)ALPHA__VKT_MMB - nm);
        uint32_t *p = &push[11 + 3 * d];
        p[0] = 1;
        if (s < 0) continue;
        if (!alpha__vkt_fits(st[0][s]) || !alpha__vkt_fits(st[1][s])) return alpha__vkt_unsupported(b, nd, "negative strides");
        p[0] = (uint32_t)shape[s]; p[1] = (uint32_t)st[0][s]; p[2] = (uint32_t)st[1][s];
    }
    /* the layout variant of both GEMMs: which dim of each operand is contiguous, 16-byte loads */
    variant = (push[7] == 1 ? ALPHA__VKT_MC_A_KFAST : 0u) | (push[9] == 1 ? ALPHA__VKT_MC_B_NFAST : 0u) |
              (b->bda && alpha__vkt_mc_vec4(push) ? ALPHA__VKT_MC_VEC4 : 0u) | (nd->i[ALPHA_NODE_ACCUMULATE] ? ALPHA__VKT_MC_ACC : 0u);
    if (nd->src[2]) {   /* + bias[n] in the epilogue (alpha_matmul_bias: f32 [N], unit stride) */
        const alpha_tensor *bias = nd->src[2];
        if (bias->dtype != ALPHA_F32 || bias->ndim != 1 || bias->shape[0] != N || (N > 1 && bias->strides[0] != 1) ||
            !alpha__vkt_base(bias, &push[11 + 3 * ALPHA__VKT_MMB]))
            return alpha__vkt_unsupported(b, nd, "a bias that is not a unit-stride f32 [N]");
        variant |= ALPHA__VKT_MC_BIAS;
    }
    if (nd->src[3]) {   /* * gelu'(h) in the epilogue (alpha_matmul_gelu_backward: h contiguous, C's shape) */
        const alpha_tensor *h = nd->src[3];
        if (h->dtype != ALPHA_F32 || !alpha_tensor_is_contiguous(h) || alpha_tensor_numel(h) != batches * M * N || nd->i[ALPHA_NODE_ACCUMULATE] ||
            nd->src[2] || !alpha__vkt_base(h, &push[12 + 3 * ALPHA__VKT_MMB]))
            return alpha__vkt_unsupported(b, nd, "a GELU input that is not a contiguous f32 of the product's shape (or with a bias or accumulation)");
        variant |= ALPHA__VKT_MC_GELU_GRAD;
    }
    if (b->vk->matmul_precision != ALPHA_VK_MATMUL_FP32) {   /* cooperative matrices over 16-bit copies */
        int f16 = b->vk->matmul_precision == ALPHA_VK_MATMUL_F16;
        int emu = !(f16 ? info->coopmat_f16 : info->coopmat_bf16);   /* the emulated tier (alpha_vk's emulate16) */
        int kind = emu ? ALPHA__VKT_MATMUL : ALPHA__VKT_MMC;
        uint64_t at = alpha__vkt_free_base(b), c_lo = push[5], c_hi = c_lo + (uint64_t)batches * M * N;
        alpha_result r;
        variant = (variant & ~ALPHA__VKT_MC_VEC4) | (f16 ? ALPHA__VKT_MC_F16 : 0u) | (emu ? ALPHA__VKT_MC_HALF2 : alpha__vkt_gemm_shape(b->vk->tune));
        if ((r = alpha__vkt_mc_pack(b, push, f16, b->keep_copies, &at)) != ALPHA_OK) return r;
        if (split) r = alpha__vkt_mc_split(b, kind, variant, push, at);
        else r = alpha__vkt_dispatch_v(b, kind, ALPHA_OP_MATMUL, variant, push, (uint32_t)((N + ALPHA__VKT_MC_TILE - 1) / ALPHA__VKT_MC_TILE),
                                       (uint32_t)((M + ALPHA__VKT_MC_TILE - 1) / ALPHA__VKT_MC_TILE), (uint32_t)batches);
        for (i = b->n_copies; i-- > 0;)   /* a copy of what C overwrote is stale */
            if (r != ALPHA_OK || (b->copies[i].lo < c_hi && c_lo < b->copies[i].hi)) b->copies[i] = b->copies[--b->n_copies];
        alpha__vkt_forget(b, c_lo, c_hi);
        return r;
    }
    b->n_copies = 0;
    if (split) return alpha__vkt_mc_split(b, ALPHA__VKT_MATMUL, variant, push, alpha__vkt_free_base(b));
    return alpha__vkt_dispatch_v(b, ALPHA__VKT_MATMUL, ALPHA_OP_MATMUL, variant, push, (uint32_t)((N + ALPHA__VKT_MC_TILE - 1) / ALPHA__VKT_MC_TILE),
                                 (uint32_t)((M + ALPHA__VKT_MC_TILE - 1) / ALPHA__VKT_MC_TILE), (uint32_t)batches);
}

/* A long SUM over one (merged) dim into many outputs (bias gradients: thousands of rows into
   each of C columns) in two REDUCE dispatches: P chunks of L = count / P rows each into P
   partial sums per output (free arena memory above every allocation, as for a split product),
   then the P partials of each output in order. Every invocation walks neighbouring columns of
   the same rows (one workgroup per output walked a column); the order is fixed. Returns 0
   where it does not apply (no divisor P of count in [8, 64], 3 kept dims, no room). */
static int alpha__vkt_reduce_chunked(alpha__vkt *b, const uint32_t *push, int nk, uint32_t acc, alpha_result *res) {
    uint32_t p1[4 + 4 * ALPHA__VKT_RD], p2[4 + 4 * ALPHA__VKT_RD], n_out = push[0], count = push[1], P, L, gx, gy, d;
    uint32_t rst = push[4 + 4 * ALPHA__VKT_RD - 1];   /* the reduced dim's stride (its shape is count) */
    uint64_t base = alpha__vkt_free_base(b);
    for (P = 64; P >= 8 && count % P; P--) {}
    if (P < 8 || nk >= (int)ALPHA__VKT_RD || base + 4u * (uint64_t)n_out * P > b->size || (base / 4 + (uint64_t)n_out * P) > UINT32_MAX ||
        !alpha__vkt_fits((int64_t)rst * (count / P)))
        return 0;
    L = count / P;
    memcpy(p1, push, sizeof p1);
    p1[0] = n_out * P; p1[1] = L; p1[3] = (uint32_t)(base / 4);
    alpha__vkt_scratch_used(b, base + 4u * (uint64_t)n_out * P);
    p1[4 + 2 * (ALPHA__VKT_RD - 1 - nk)] = P; p1[4 + 2 * (ALPHA__VKT_RD - 1 - nk) + 1] = rst * L;   /* the chunk: a kept dim outside the others */
    p1[4 + 4 * ALPHA__VKT_RD - 2] = L;
    memset(p2, 0, sizeof p2);
    p2[0] = n_out; p2[1] = P; p2[2] = (uint32_t)(base / 4); p2[3] = push[3];
    for (d = 0; d < ALPHA__VKT_RD; d++) { p2[4 + 2 * d] = 1; p2[4 + 2 * ALPHA__VKT_RD + 2 * d] = 1; }
    p2[4 + 2 * (ALPHA__VKT_RD - 1)] = n_out; p2[4 + 2 * (ALPHA__VKT_RD - 1) + 1] = 1;
    p2[4 + 4 * ALPHA__VKT_RD - 2] = P; p2[4 + 4 * ALPHA__VKT_RD - 1] = n_out;
    alpha__vk_grid(b->vk, p1[0], &gx, &gy);
    *res = alpha__vkt_dispatch_v(b, ALPHA__VKT_REDUCE, ALPHA_OP_SUM, alpha__vkt_red_one(p1, ALPHA_OP_SUM), p1, gx, gy, 1);
    if (*res != ALPHA_OK) return 1;
    alpha__vk_grid(b->vk, p2[0], &gx, &gy);
    *res = alpha__vkt_dispatch_v(b, ALPHA__VKT_REDUCE, ALPHA_OP_SUM, acc | alpha__vkt_red_one(p2, ALPHA_OP_SUM), p2, gx, gy, 1);   /* acc: the second pass adds into y */
    return 1;
}
static alpha_result alpha__vkt_reduce(alpha__vkt *b, const alpha_node *nd) {
    const alpha_tensor *x = nd->src[0], *y = nd->out;
    unsigned axes = (unsigned)nd->i[0];
    int64_t ks[ALPHA_MAX_DIMS], kst[1][ALPHA_MAX_DIMS], rs[ALPHA_MAX_DIMS], rst[1][ALPHA_MAX_DIMS], n_out = 1, count = 1;
    uint32_t push[4 + 4 * ALPHA__VKT_RD], gx, gy, acc = nd->i[ALPHA_NODE_ACCUMULATE] ? ALPHA__VKT_RED_ACC : 0u;
    int d, nk = 0, nr = 0;
    if (x->dtype != ALPHA_F32 || !alpha_tensor_is_contiguous(y) || (y->dtype != (nd->op == ALPHA_OP_ARGMAX ? ALPHA_I32 : ALPHA_F32)))
        return alpha__vkt_unsupported(b, nd, "needs an f32 input and a contiguous output");
    if (acc && nd->op != ALPHA_OP_SUM) return alpha__vkt_unsupported(b, nd, "adds into its output only as a SUM");
    memset(push, 0, sizeof push);
    if (!alpha__vkt_base(x, &push[2]) || !alpha__vkt_base(y, &push[3])) return alpha__vkt_unsupported(b, nd, "offsets beyond 2^32");
    for (d = 0; d < x->ndim; d++) {
        if (axes >> d & 1u) { rs[nr] = x->shape[d]; rst[0][nr++] = x->strides[d]; count *= x->shape[d]; }
        else { ks[nk] = x->shape[d]; kst[0][nk++] = x->strides[d]; n_out *= x->shape[d]; }
    }
    if (n_out == 0) return ALPHA_OK;
    nk = alpha__vkt_merge(nk, ks, 1, kst);
    nr = alpha__vkt_merge(nr, rs, 1, rst);
    if ((uint32_t)nk > ALPHA__VKT_RD || (uint32_t)nr > ALPHA__VKT_RD) return alpha__vkt_unsupported(b, nd, "more than 4 kept or reduced dims after merging");
    if (!alpha__vkt_fits(n_out) || !alpha__vkt_fits(count)) return alpha__vkt_unsupported(b, nd, "more than 2^32 elements");
    push[0] = (uint32_t)n_out; push[1] = (uint32_t)count;
    for (d = 0; d < (int)ALPHA__VKT_RD; d++) {
        int s = d - ((int)ALPHA__VKT_RD - nk), q = d - ((int)ALPHA__VKT_RD - nr);
        uint32_t *pk = &push[4 + 2 * d], *pr = &push[4 + 2 * ALPHA__VKT_RD + 2 * d];
        pk[0] = 1; pr[0] = 1;
        if (s >= 0) {
            if (!alpha__vkt_fits(ks[s]) || !alpha__vkt_fits(kst[0][s])) return alpha__vkt_unsupported(b, nd, "negative strides");
            pk[0] = (uint32_t)ks[s]; pk[1] = (uint32_t)kst[0][s];
        }
        if (q >= 0) {
            if (!alpha__vkt_fits(rs[q]) || !alpha__vkt_fits(rst[0][q])) return alpha__vkt_unsupported(b, nd, "negative strides");
            pr[0] = (uint32_t)rs[q]; pr[1] = (uint32_t)rst[0][q];
        }
    }
    if (count == 0 && nd->op != ALPHA_OP_SUM && nd->op != ALPHA_OP_MEAN) return alpha__vkt_unsupported(b, nd, "empty reduction");
    if (nd->op == ALPHA_OP_SUM && nr == 1 && count >= 256 && n_out >= 64) {
        alpha_result r;
        if (alpha__vkt_reduce_chunked(b, push, nk, acc, &r)) return r;
    }
    if ((nd->op == ALPHA_OP_SUM || nd->op == ALPHA_OP_MEAN) && count >= 256 && alpha__vkt_fits(n_out * 64)) {   /* a workgroup per output */
        push[0] = (uint32_t)(n_out * 64);
        alpha__vk_grid(b->vk, push[0], &gx, &gy);
        return alpha__vkt_dispatch_v(b, ALPHA__VKT_WREDUCE, nd->op, acc, push, gx, gy, 1);
    }
    alpha__vk_grid(b->vk, (uint32_t)n_out, &gx, &gy);
    return alpha__vkt_dispatch_v(b, ALPHA__VKT_REDUCE, nd->op, acc | alpha__vkt_red_one(push, nd->op), push, gx, gy, 1);
}

static alpha_result alpha__vkt_adamw(alpha__vkt *b, const alpha_node *nd) {
    uint32_t push[14], gx, gy;
    int64_t n = alpha_tensor_numel(nd->src[0]);
    int k;
    for (k = 0; k < 4; k++)
        if (!nd->src[k] || !alpha_tensor_is_contiguous(nd->src[k]) || alpha_tensor_numel(nd->src[k]) != n ||
            !alpha__vkt_base(nd->src[k], &push[1 + k]))
            return alpha__vkt_unsupported(b, nd, "needs contiguous f32 tensors of one size");
    if (!nd->src[4] || !alpha__vkt_base(nd->src[4], &push[5]) || (nd->src[5] && !alpha__vkt_base(nd->src[5], &push[6])))
        return alpha__vkt_unsupported(b, nd, "needs its schedule (and norm) tensors");
    if (n == 0) return ALPHA_OK;
    if (!alpha__vkt_fits(n)) return alpha__vkt_unsupported(b, nd, "more than 2^32 elements");
    push[0] = (uint32_t)n;
    if (!nd->src[5]) push[6] = push[5];   /* no norm: the kernel still loads one word, from sched */
    push[7] = nd->src[5] != NULL;
    memcpy(&push[8], nd->f, 6 * sizeof(float));   /* beta1, beta2, eps, weight decay, grad_scale, clip_norm */
    alpha__vk_grid(b->vk, (uint32_t)n, &gx, &gy);
    return alpha__vkt_dispatch(b, ALPHA__VKT_ADAMW, ALPHA_OP_ADAMW, push, gx, gy, 1);
}

/* the contiguous f32 (or i32) operands of a flat kernel: their element offsets into push[first..] */
static int alpha__vkt_flat(const alpha_tensor *const *ts, int n, uint32_t *push) {
    int k;
    for (k = 0; k < n; k++)
        if (!ts[k] || !alpha_tensor_is_contiguous(ts[k]) || !alpha__vkt_base(ts[k], &push[k])) return 0;
    return 1;
}
static alpha_result alpha__vkt_ubw(alpha__vkt *b, const alpha_node *nd) {
    const alpha_tensor *ts[4];
    uint32_t push[7], gx, gy;
    int k, vec;
    int64_t n = alpha_tensor_numel(nd->out);
    alpha_op op = (alpha_op)nd->i[0];
    ts[0] = nd->out; ts[1] = nd->src[0]; ts[2] = nd->src[1]; ts[3] = nd->src[2];
    if (op < ALPHA_OP_NEG || op > ALPHA_OP_CLAMP || !alpha__vkt_flat(ts, 4, &push[1]))
        return alpha__vkt_unsupported(b, nd, "needs contiguous x, y and gradient");
    if (n == 0) return ALPHA_OK;
    if (!alpha__vkt_fits(n)) return alpha__vkt_unsupported(b, nd, "more than 2^32 elements");
    for (k = 1, vec = n % 4 == 0; k < 5; k++) vec = vec && push[k] % 4 == 0;   /* whole 16-byte runs in every operand */
    push[0] = (uint32_t)(vec ? n / 4 : n);
    memcpy(&push[5], &nd->f[0], 4);
    memcpy(&push[6], &nd->f[1], 4);
    alpha__vk_grid(b->vk, push[0], &gx, &gy);
    return alpha__vkt_dispatch_v(b, ALPHA__VKT_UBW, op, vec ? ALPHA__VKT_UBW_VEC4 : 0u, push, gx, gy, 1);
}
static alpha_result alpha__vkt_embedding(alpha__vkt *b, const alpha_node *nd) {
    const alpha_tensor *ts[3];
    uint32_t push[5], gx, gy;
    int64_t n = alpha_tensor_numel(nd->out), C;
    ts[0] = nd->src[0]; ts[1] = nd->src[1]; ts[2] = nd->out;
    if (!ts[0] || !ts[1] || ts[0]->dtype != ALPHA_I32 || ts[1]->ndim != 2 || !alpha__vkt_flat(ts, 3, &push[2]))
        return alpha__vkt_unsupported(b, nd, "needs contiguous i32 indices and f32[V,C] table");
    C = ts[1]->shape[1];
    if (n == 0 || C == 0) return ALPHA_OK;
    if (!alpha__vkt_fits(n) || !alpha__vkt_fits(ts[1]->shape[0] * C)) return alpha__vkt_unsupported(b, nd, "more than 2^32 elements");
    push[0] = (uint32_t)n; push[1] = (uint32_t)C;
    alpha__vk_grid(b->vk, (uint32_t)n, &gx, &gy);
    return alpha__vkt_dispatch(b, ALPHA__VKT_EMB, ALPHA_OP_EMBEDDING, push, gx, gy, 1);
}
/* layernorm (src x, w, b; out y; saved mean, rstd) and add_layernorm (src x, r, w, b; saved also
   the sum s): LN's words, whose x is s for add_layernorm, then off_x, off_r */
static alpha_result alpha__vkt_layernorm(alpha__vkt *b, const alpha_node *nd) {
    int add = nd->op == ALPHA_OP_ADD_LAYERNORM, wi = add ? 2 : 1;
    const alpha_tensor *ts[6];
    uint32_t push[12];
    int64_t C, rows;
    const alpha_tensor *x = nd->src[0];
    memset(push, 0, sizeof push);
    ts[0] = add ? nd->saved[2] : x; ts[1] = nd->out; ts[2] = nd->saved[0]; ts[3] = nd->saved[1]; ts[4] = x; ts[5] = nd->src[1];
    if (!x || x->ndim < 1 || !alpha__vkt_flat(ts, 2, &push[2]) || !alpha__vkt_flat(ts + 2, 2, &push[6]) ||
        (add && !alpha__vkt_flat(ts + 4, 2, &push[10])))
        return alpha__vkt_unsupported(b, nd, "needs contiguous tensors");
    ts[0] = nd->src[wi]; ts[1] = nd->src[wi + 1];
    if (ts[0]) { if (!alpha__vkt_flat(ts, 1, &push[4])) return alpha__vkt_unsupported(b, nd, "weight"); push[9] |= 1u; }
    if (ts[1]) { if (!alpha__vkt_flat(ts + 1, 1, &push[5])) return alpha__vkt_unsupported(b, nd, "bias"); push[9] |= 2u; }
    C = x->shape[x->ndim - 1];
    rows = C ? alpha_tensor_numel(x) / C : 0;
    if (rows == 0) return ALPHA_OK;
    if (!alpha__vkt_fits(rows * C)) return alpha__vkt_unsupported(b, nd, "more than 2^32 elements");
    push[0] = (uint32_t)rows; push[1] = (uint32_t)C;
    memcpy(&push[8], &nd->f[0], 4);
    return alpha__vkt_groups_dispatch(b, add ? ALPHA__VKT_ADDLN : ALPHA__VKT_LN, nd->op, 0, push, (uint32_t)rows);
}

static alpha_result alpha__vkt_grid_dispatch(alpha__vkt *b, int kind, alpha_op op, const uint32_t *push, uint32_t count) {
    uint32_t gx, gy;
    alpha__vk_grid(b->vk, count, &gx, &gy);
    return alpha__vkt_dispatch(b, kind, op, push, gx, gy, 1);
}
/* one invocation per row (push word 0), or two with PAIR */
static alpha_result alpha__vkt_attn_dispatch(alpha__vkt *b, int kind, alpha_op op, uint32_t *push) {
    uint32_t v = alpha__vkt_attn_variant(b, kind, op, push), rows = push[0], gx, gy;
    alpha_result r;
    if (v & ALPHA__VKT_ATTN_PAIR) push[0] *= 2;
    alpha__vk_grid(b->vk, push[0], &gx, &gy);
    r = alpha__vkt_dispatch_v(b, kind, op, v, push, gx, gy, 1);
    push[0] = rows;
    return r;
}
/* the tiled kernel's variant (FA, FAKV) for head size D: 32 rows per workgroup, or 16 where the
   device's shared memory is short for 32; 0 where neither fits */
static uint32_t alpha__vkt_fa_variant(const alpha__vkt *b, int kind, alpha_op op, uint32_t D) {
    static const uint32_t tries[2] = {0u, ALPHA__VKT_FA_R16};
    uint32_t i;
    for (i = 0; i < 2; i++) {
        alpha__vkt_fa f;
        alpha__vkt_fa_sizes(D | tries[i], &f);
        if (4u * alpha__vkt_fa_shared(kind, op, &f) <= alpha_vk_get_info(b->vk)->max_shared_memory) return D | tries[i];
    }
    return 0;
}
/* one workgroup per block of R rows of each (b, h): push word 0 holds B H len rows */
static alpha_result alpha__vkt_fa_dispatch(alpha__vkt *b, int kind, alpha_op op, uint32_t variant, const uint32_t *push, uint32_t len) {
    uint32_t R = variant & ALPHA__VKT_FA_COOP ? ALPHA__VKT_FC_R : variant & ALPHA__VKT_FA_R16 ? 16u : 32u;
    return alpha__vkt_groups_dispatch(b, kind, op, variant, push, (push[0] / len) * ((len + R - 1) / R));
}
/* attention by the tiled kernels where they apply (head size 16, 32 or 64, S >= T: every query
   sees a key), else by the row kernels */
/* the cooperative-matrix variant for head size D where the matmul precision is bf16/f16 and the
   device has the matrices, 32-wide subgroups with shuffles and the shared memory; else 0 */
static uint32_t alpha__vkt_fc_variant(const alpha__vkt *b, uint32_t D) {
    const alpha_vk_info *in = alpha_vk_get_info(b->vk);
    int p = b->vk->matmul_precision;
    if (p == ALPHA_VK_MATMUL_FP32 || !b->vk->coop_attention || (D != 16 && D != 32 && D != 64) || in->subgroup_size != 32 || !in->subgroup_shuffle ||
        alpha__vkt_fc_shared_bytes(ALPHA__VKT_FAKV, ALPHA_OP_ATTENTION_BACKWARD, D) > in->max_shared_memory)
        return 0;
    uint32_t pre = (b->vk->tune & ALPHA__VK_TUNE_FAPRE) ? ALPHA__VKT_FA_PRE : 0u;
    if (p == ALPHA_VK_MATMUL_F16) return in->coopmat_f16 ? D | ALPHA__VKT_FA_COOP | ALPHA__VKT_FA_F16 | pre : 0u;
    return in->coopmat_bf16 ? D | ALPHA__VKT_FA_COOP | pre : 0u;
}
static alpha_result alpha__vkt_attention_tiled(alpha__vkt *b, const alpha_node *nd, const uint32_t *push) {
    uint32_t D = push[4], T = push[2], S = push[3], vq, vkv, vc = alpha__vkt_fc_variant(b, D);
    alpha_result r;
    if (nd->op == ALPHA_OP_ATTENTION)
        return alpha__vkt_fa_dispatch(b, ALPHA__VKT_FA, ALPHA_OP_ATTENTION, vc ? vc : alpha__vkt_fa_variant(b, ALPHA__VKT_FA, nd->op, D), push, T);
    vq = vc ? vc : alpha__vkt_fa_variant(b, ALPHA__VKT_FA, nd->op, D); vkv = vc ? vc : alpha__vkt_fa_variant(b, ALPHA__VKT_FAKV, nd->op, D);
    r = alpha__vkt_fa_dispatch(b, ALPHA__VKT_FA, ALPHA_OP_ATTENTION_BACKWARD, vq, push, T);
    if (r == ALPHA_OK) {
        uint32_t pk[23];
        memcpy(pk, push, sizeof pk);
        pk[0] = push[0] / T * S;
        if (!alpha__vkt_base(nd->saved[0], &pk[21])) return alpha__vkt_unsupported(b, nd, "offsets");
        r = alpha__vkt_fa_dispatch(b, ALPHA__VKT_FAKV, ALPHA_OP_ATTENTION_BACKWARD, vkv, pk, S);
    }
    return r;
}
static int alpha__vkt_fa_applies(const alpha__vkt *b, const uint32_t *push) {
    uint32_t D = push[4];
    return (D == 16 || D == 32 || D == 64) && push[3] >= push[2] && alpha__vkt_fa_variant(b, ALPHA__VKT_FA, ALPHA_OP_ATTENTION_BACKWARD, D) &&
           alpha__vkt_fa_variant(b, ALPHA__VKT_FAKV, ALPHA_OP_ATTENTION_BACKWARD, D) && alpha__vkt_fa_variant(b, ALPHA__VKT_FA, ALPHA_OP_ATTENTION, D);
}
static alpha_result alpha__vkt_attention(alpha__vkt *b, const alpha_node *nd) {
    uint32_t push[23];
    const alpha_tensor *q = nd->src[0], *k = nd->src[1], *v = nd->src[2], *ops[3];
    int64_t B = q->shape[0], H = q->shape[1], T = q->shape[2], S = k->shape[2], D = q->shape[3];
    int i, d;
    float scale = nd->f[0];
    alpha_result r;
    ops[0] = q; ops[1] = k; ops[2] = v;
    if (!alpha__vkt_fits(B * H * S * 2 * D)) return alpha__vkt_unsupported(b, nd, "more than 2^32 elements");
    push[0] = (uint32_t)(B * H * T); push[1] = (uint32_t)H; push[2] = (uint32_t)T; push[3] = (uint32_t)S; push[4] = (uint32_t)D;
    memcpy(&push[5], &scale, 4);
    for (i = 0; i < 3; i++) {
        if (!alpha__vkt_base(ops[i], &push[6 + 4 * i])) return alpha__vkt_unsupported(b, nd, "operand offset beyond 2^32");
        for (d = 0; d < 3; d++) {
            if (!alpha__vkt_fits(ops[i]->strides[d] + 1) || ops[i]->strides[d] < 0) return alpha__vkt_unsupported(b, nd, "strides");
            push[7 + 4 * i + d] = (uint32_t)ops[i]->strides[d];
        }
    }
    memset(&push[18], 0, 5 * sizeof *push);
    if (nd->op == ALPHA_OP_ATTENTION) {
        if (!alpha__vkt_base(nd->out, &push[18]) || !alpha__vkt_base(nd->saved[0], &push[19])) return alpha__vkt_unsupported(b, nd, "offsets");
        if (alpha__vkt_fa_applies(b, push)) return alpha__vkt_attention_tiled(b, nd, push);
        return alpha__vkt_attn_dispatch(b, ALPHA__VKT_ATTN, ALPHA_OP_ATTENTION, push);
    }
    /* backward: gq and delta per query row, then gk and gv per key row (they need every delta) */
    if (!alpha__vkt_base(nd->src[3], &push[18]) || !alpha__vkt_base(nd->src[4], &push[19]) || !alpha__vkt_base(nd->src[5], &push[20]) ||
        !alpha__vkt_base(nd->out, &push[21]) || !alpha__vkt_base(nd->saved[1], &push[22]))
        return alpha__vkt_unsupported(b, nd, "offsets");
    if (alpha__vkt_fa_applies(b, push)) return alpha__vkt_attention_tiled(b, nd, push);
    r = alpha__vkt_attn_dispatch(b, ALPHA__VKT_ATTN, ALPHA_OP_ATTENTION_BACKWARD, push);
    if (r != ALPHA_OK) return r;
    push[0] = (uint32_t)(B * H * S);
    if (!alpha__vkt_base(nd->saved[0], &push[21])) return alpha__vkt_unsupported(b, nd, "offsets");
    return alpha__vkt_attn_dispatch(b, ALPHA__VKT_ATTNKV, ALPHA_OP_ATTENTION_BACKWARD, push);
}
static alpha_result alpha__vkt_dropout(alpha__vkt *b, const alpha_node *nd) {
    const alpha_tensor *ts[2];
    uint32_t push[9];
    int64_t n = alpha_tensor_numel(nd->out);
    uint64_t seed = (uint64_t)nd->i[0], off = (uint64_t)nd->i[1];
    float p = nd->f[0], scale = 1.0f / (1.0f - nd->f[0]);
    ts[0] = nd->src[0]; ts[1] = nd->out;
    if (!alpha__vkt_flat(ts, 2, &push[1])) return alpha__vkt_unsupported(b, nd, "needs contiguous f32 tensors");
    if (n == 0) return ALPHA_OK;
    if (!alpha__vkt_fits(n)) return alpha__vkt_unsupported(b, nd, "more than 2^32 elements");
    push[0] = (uint32_t)n;
    push[3] = (uint32_t)seed; push[4] = (uint32_t)(seed >> 32);
    push[5] = (uint32_t)off; push[6] = (uint32_t)(off >> 32);
    memcpy(&push[7], &p, 4);
    memcpy(&push[8], &scale, 4);
    return alpha__vkt_grid_dispatch(b, ALPHA__VKT_DROP, ALPHA_OP_DROPOUT, push, (uint32_t)n);
}
static alpha_result alpha__vkt_sumsq(alpha__vkt *b, const alpha_node *nd) {
    const alpha_tensor *ts[3];
    uint32_t push[6], part = 0, groups = 1, chunk;
    int64_t n = alpha_tensor_numel(nd->src[0]), per = (int64_t)b->sumsq_threads * 16, cap;
    alpha_result r;
    ts[0] = nd->src[0]; ts[1] = nd->out; ts[2] = nd->saved[0];
    if (!alpha__vkt_flat(ts, 2, &push[2])) return alpha__vkt_unsupported(b, nd, "needs contiguous f32 tensors");
    if (!alpha__vkt_fits(n)) return alpha__vkt_unsupported(b, nd, "more than 2^32 elements");
    /* with the scratch tensor (saved[0], f32[parts]): one workgroup per 16 elements an invocation,
       at most one per partial sum. The split depends on n and the device only: deterministic. */
    cap = ts[2] && alpha__vkt_flat(ts + 2, 1, &part) ? alpha_tensor_numel(ts[2]) : 1;
    if (cap > 65535) cap = 65535;
    if (n > per && cap > 1) groups = (uint32_t)((n + per - 1) / per < cap ? (n + per - 1) / per : cap);
    chunk = (uint32_t)((n + groups - 1) / groups);
    if (groups > 1) groups = (uint32_t)((n + chunk - 1) / chunk);   /* every workgroup has elements */
    push[1] = (uint32_t)n; push[4] = groups > 1 ? chunk : (uint32_t)n; push[5] = 1;
    push[0] = groups * b->sumsq_threads;
    if (groups == 1) return alpha__vkt_dispatch(b, ALPHA__VKT_SUMSQ, ALPHA_OP_SUM_SQUARES, push, 1, 1, 1);
    push[3] = part;
    r = alpha__vkt_dispatch(b, ALPHA__VKT_SUMSQ, ALPHA_OP_SUM_SQUARES, push, groups, 1, 1);
    if (r != ALPHA_OK) return r;
    push[0] = b->sumsq_threads; push[1] = groups; push[2] = part; push[4] = groups; push[5] = 0;
    if (!alpha__vkt_flat(ts + 1, 1, &push[3])) return alpha__vkt_unsupported(b, nd, "needs contiguous f32 tensors");
    return alpha__vkt_dispatch(b, ALPHA__VKT_SUMSQ, ALPHA_OP_SUM_SQUARES, push, 1, 1, 1);
}
static alpha_result alpha__vkt_cross_entropy(alpha__vkt *b, const alpha_node *nd) {
    const alpha_tensor *x = nd->src[0], *ts[3];
    uint32_t push[9];
    int64_t V, N;
    alpha_result r;
    int fwd = nd->op == ALPHA_OP_CROSS_ENTROPY;
    memset(push, 0, sizeof push);
    if (!x || x->ndim < 1 || !nd->src[1] || nd->src[1]->dtype != ALPHA_I32)
        return alpha__vkt_unsupported(b, nd, "needs f32 logits and i32 targets");
    ts[0] = x; ts[1] = nd->src[1];
    if (!alpha__vkt_flat(ts, 2, &push[2])) return alpha__vkt_unsupported(b, nd, "needs contiguous logits and targets");
    if (fwd) { ts[0] = nd->saved[0]; ts[1] = nd->saved[1]; ts[2] = nd->out; }
    else { ts[0] = nd->out; ts[1] = nd->src[3] ? nd->src[3] : nd->out; ts[2] = nd->src[2]; }
    if (!alpha__vkt_flat(ts, 2, &push[4]) || !alpha__vkt_flat(ts + 2, 1, &push[7]))
        return alpha__vkt_unsupported(b, nd, "needs contiguous outputs");
    push[8] = !fwd && nd->src[3] ? 1u : 0u;
    push[6] = (uint32_t)(int32_t)nd->i[0];
    V = x->shape[x->ndim - 1];
    N = V ? alpha_tensor_numel(x) / V : 0;
    if (!alpha__vkt_fits(alpha_tensor_numel(x))) return alpha__vkt_unsupported(b, nd, "more than 2^32 elements");
    push[0] = (uint32_t)N; push[1] = (uint32_t)V;
    if (N > 0 && V > 0) {
        r = alpha__vkt_groups_dispatch(b, ALPHA__VKT_CE, nd->op, 0, push, (uint32_t)N);
        if (r != ALPHA_OK) return r;
    }
    if (fwd) {
        /* the mean over targets != ignore: words 1, N, -, off_t, off_rowloss, off_y, ignore */
        uint32_t q[9];
        memset(q, 0, sizeof q);
        q[0] = 1; q[1] = V > 0 ? (uint32_t)N : 0u; q[3] = push[3]; q[4] = push[4]; q[5] = push[7]; q[6] = push[6];
        return alpha__vkt_dispatch(b, ALPHA__VKT_CE, ALPHA_OP_MEAN, q, 1, 1, 1);
    }
    return ALPHA_OK;
}
static alpha_result alpha__vkt_layernorm_backward(alpha__vkt *b, const alpha_node *nd) {
    const alpha_tensor *x = nd->src[0], *ts[6];
    uint32_t push[12];
    int64_t C, rows;
    alpha_result r;
    memset(push, 0, sizeof push);
    if (!x || x->ndim < 1) return alpha__vkt_unsupported(b, nd, "needs x");
    ts[0] = x; ts[1] = nd->src[2]; ts[2] = nd->src[3]; ts[3] = nd->src[4]; ts[4] = nd->out;
    if (!alpha__vkt_flat(ts, 1, &push[2]) || !alpha__vkt_flat(ts + 1, 4, &push[4]))
        return alpha__vkt_unsupported(b, nd, "needs contiguous tensors");
    ts[0] = nd->src[1]; ts[1] = nd->saved[0]; ts[2] = nd->saved[1];
    if (ts[0]) { if (!alpha__vkt_flat(ts, 1, &push[3])) return alpha__vkt_unsupported(b, nd, "weight"); push[10] |= 1u; }
    if (ts[1]) { if (!alpha__vkt_flat(ts + 1, 1, &push[8])) return alpha__vkt_unsupported(b, nd, "gw partials"); push[10] |= 2u; }
    if (ts[2]) { if (!alpha__vkt_flat(ts + 2, 1, &push[9])) return alpha__vkt_unsupported(b, nd, "gb partials"); push[10] |= 4u; }
    C = x->shape[x->ndim - 1];
    rows = C ? alpha_tensor_numel(x) / C : 0;
    if (C == 0) return ALPHA_OK;
    if (!alpha__vkt_fits(rows * C) || !alpha__vkt_fits(rows * (int64_t)ALPHA__VKT_LN_BLOCKS) ||
        !alpha__vkt_fits(C * (int64_t)ALPHA__VKT_LN_BLOCKS))
        return alpha__vkt_unsupported(b, nd, "more than 2^32 elements");
    push[1] = (uint32_t)C; push[11] = (uint32_t)rows;
    if (rows > 0) {
        push[0] = (uint32_t)rows;
        r = alpha__vkt_groups_dispatch(b, ALPHA__VKT_LNB, ALPHA_OP_LAYERNORM_BACKWARD, 0, push, (uint32_t)rows);
        if (r != ALPHA_OK) return r;
    }
    if (push[10] & 6u) {
        push[0] = (uint32_t)(C * (int64_t)ALPHA__VKT_LN_BLOCKS);
        return alpha__vkt_grid_dispatch(b, ALPHA__VKT_LNB, ALPHA_OP_SUM, push, push[0]);
    }
    return ALPHA_OK;
}
/* Embedding backward: zero y, link each position to the next one with the same index, then sum
   every index's gradient rows along its links (EMBB above). The 2 n link words live in free
   arena memory above every allocation, like a split product's partial sums. */
static alpha_result alpha__vkt_embedding_backward(alpha__vkt *b, const alpha_node *nd) {
    const alpha_tensor *ts[3];
    uint32_t push[8], acc = nd->i[ALPHA_NODE_ACCUMULATE] ? ALPHA__VKT_EMBB_ACC : 0u, gx, gy;
    int64_t n, C, V;
    uint64_t base = alpha__vkt_free_base(b);
    alpha_result r;
    ts[0] = nd->src[0]; ts[1] = nd->src[1]; ts[2] = nd->out;
    if (!ts[0] || ts[0]->dtype != ALPHA_I32 || nd->out->ndim != 2 || !alpha__vkt_flat(ts, 3, &push[3]))
        return alpha__vkt_unsupported(b, nd, "needs contiguous i32 indices, gradient and output");
    n = alpha_tensor_numel(ts[0]); V = nd->out->shape[0]; C = nd->out->shape[1];
    if (C == 0) return ALPHA_OK;
    if (!alpha__vkt_fits(V * C) || !alpha__vkt_fits(n * C)) return alpha__vkt_unsupported(b, nd, "more than 2^32 elements");
    if (base + 8u * (uint64_t)n > b->size || (base + 8u * (uint64_t)n) / 4 > UINT32_MAX) {
        alpha__vk_fail(b->vk, ALPHA_ERR_OOM, "alpha_vk_backend: embedding backward needs %llu bytes of scratch above the arena's %llu used",
                       (unsigned long long)(8u * (uint64_t)n), (unsigned long long)b->top);
        return ALPHA_ERR_OOM;
    }
    push[1] = (uint32_t)n; push[2] = (uint32_t)V; push[6] = (uint32_t)(base / 4); push[7] = (uint32_t)C;
    alpha__vkt_scratch_used(b, base + 8u * (uint64_t)n);
    push[0] = (uint32_t)(V * C > n && !acc ? V * C : n);   /* adding into y: only the links to zero */
    if (push[0] == 0) return ALPHA_OK;
    alpha__vk_grid(b->vk, push[0], &gx, &gy);
    r = alpha__vkt_dispatch_v(b, ALPHA__VKT_EMBB, ALPHA_OP_FILL, acc, push, gx, gy, 1);
    if (r != ALPHA_OK || n == 0) return r;
    push[0] = (uint32_t)n;
    if ((r = alpha__vkt_grid_dispatch(b, ALPHA__VKT_EMBB, ALPHA_OP_EMBEDDING, push, push[0])) != ALPHA_OK) return r;
    push[0] = (uint32_t)(n * C);
    alpha__vk_grid(b->vk, push[0], &gx, &gy);
    return alpha__vkt_dispatch_v(b, ALPHA__VKT_EMBB, ALPHA_OP_EMBEDDING_BACKWARD, acc, push, gx, gy, 1);
}
static alpha_result alpha__vkt_scatter_add_last(alpha__vkt *b, const alpha_node *nd) {
    const alpha_tensor *ts[3], *y = nd->out;
    uint32_t push[6];
    int64_t k, L, R;
    ts[0] = nd->src[0]; ts[1] = nd->src[1]; ts[2] = y;
    if (!ts[0] || ts[0]->dtype != ALPHA_I32 || y->ndim < 1 || !alpha__vkt_flat(ts, 3, &push[3]))
        return alpha__vkt_unsupported(b, nd, "needs contiguous i32 indices, values and output");
    k = ts[0]->shape[ts[0]->ndim - 1]; L = y->shape[y->ndim - 1];
    R = L ? alpha_tensor_numel(y) / L : 0;
    if (R == 0) return ALPHA_OK;
    if (!alpha__vkt_fits(R * L) || !alpha__vkt_fits(R * k)) return alpha__vkt_unsupported(b, nd, "more than 2^32 elements");
    push[0] = (uint32_t)R; push[1] = (uint32_t)k; push[2] = (uint32_t)L;
    return alpha__vkt_grid_dispatch(b, ALPHA__VKT_SCAT, ALPHA_OP_SCATTER_ADD_LAST, push, (uint32_t)R);
}
static alpha_result alpha__vkt_topk(alpha__vkt *b, const alpha_node *nd) {
    const alpha_tensor *ts[3], *x = nd->src[0];
    uint32_t push[6];
    int64_t L, rows, k = nd->i[0];
    ts[0] = x; ts[1] = nd->out; ts[2] = nd->saved[0];
    if (!x || x->ndim < 1 || !alpha__vkt_flat(ts, 3, &push[3])) return alpha__vkt_unsupported(b, nd, "needs contiguous tensors");
    L = x->shape[x->ndim - 1];
    rows = L ? alpha_tensor_numel(x) / L : 0;
    if (rows == 0 || k <= 0) return ALPHA_OK;
    if (!alpha__vkt_fits(rows * L) || !alpha__vkt_fits(rows * k)) return alpha__vkt_unsupported(b, nd, "more than 2^32 elements");
    push[0] = (uint32_t)rows; push[1] = (uint32_t)L; push[2] = (uint32_t)k;
    return alpha__vkt_grid_dispatch(b, ALPHA__VKT_TOPK, ALPHA_OP_TOPK, push, (uint32_t)rows);
}

/* ---- the alpha_backend functions ---- */
static alpha_result alpha__vkt_alloc(void *user, size_t nbytes, void **handle) {
    alpha__vkt *b = (alpha__vkt *)user;
    size_t need = (nbytes + 63u) & ~(size_t)63u;
    if (need < nbytes || b->top + need > b->size) {
        alpha__vk_fail(b->vk, ALPHA_ERR_OOM, "alpha_vk_backend: arena of %llu bytes full (%llu used, %llu more asked for)",
                       (unsigned long long)b->size, (unsigned long long)b->top, (unsigned long long)nbytes);
        return ALPHA_ERR_OOM;
    }
    *handle = (void *)(uintptr_t)(b->top + 1u);   /* offset + 1: never NULL */
    b->top += need;
    if (b->top > b->peak) b->peak = b->top;
    return ALPHA_OK;
}
static size_t alpha__vkt_mark(void *user) { return ((alpha__vkt *)user)->top; }
static void alpha__vkt_reset(void *user, size_t mark) {
    alpha__vkt *b = (alpha__vkt *)user;
    int i;
    if (mark <= b->top) b->top = mark;
    b->n_copies = 0;
    for (i = b->n_kept; i-- > 0;) if (b->kept[i].at + b->kept[i].bytes > b->top) b->kept[i] = b->kept[--b->n_kept];   /* freed */
}
static alpha_result alpha__vkt_upload(void *user, void *handle, size_t offset, const void *src, size_t nbytes) {
    alpha__vkt *b = (alpha__vkt *)user;
    uint64_t at = (uint64_t)((uintptr_t)handle - 1u) + offset;
    b->n_copies = 0;
    alpha__vkt_forget(b, at / 4, (at + nbytes + 3) / 4);
    if (!nbytes) return ALPHA_OK;
    return alpha_vk_buffer_upload(b->vk, b->arena, (size_t)((uintptr_t)handle - 1u) + offset, src, nbytes);
}
static alpha_result alpha__vkt_download(void *user, void *handle, size_t offset, void *dst, size_t nbytes) {
    alpha__vkt *b = (alpha__vkt *)user;
    if (!nbytes) return ALPHA_OK;
    return alpha_vk_buffer_download(b->vk, b->arena, (size_t)((uintptr_t)handle - 1u) + offset, dst, nbytes);  /* submits and waits first */
}
static alpha_result alpha__vkt_exec(void *user, alpha_ctx *ctx, const alpha_node *nd) {
    alpha__vkt *b = (alpha__vkt *)user;
    int k;
    if (nd->op != ALPHA_OP_MATMUL) {   /* it may write what the 16-bit copies were made from (its inputs too: in-place ops) */
        b->n_copies = 0;
        alpha__vkt_forget_tensor(b, nd->out);
        for (k = 0; k < ALPHA_NODE_MAX_SRC; k++) alpha__vkt_forget_tensor(b, nd->src[k]);
        for (k = 0; k < ALPHA_NODE_MAX_SAVED; k++) alpha__vkt_forget_tensor(b, nd->saved[k]);
    }
    b->keep_copies = nd->op == ALPHA_OP_MATMUL && ctx && alpha_ctx_grad_enabled(ctx) && !nd->i[ALPHA_NODE_ACCUMULATE] &&
                     ((nd->src[0] && nd->src[0]->requires_grad) || (nd->src[1] && nd->src[1]->requires_grad));
    for (k = 0; k < ALPHA_NODE_MAX_SRC; k++) {
        int idx_ok = (k == 0 && (nd->op == ALPHA_OP_WHERE || nd->op == ALPHA_OP_EMBEDDING_BACKWARD || nd->op == ALPHA_OP_SCATTER_ADD_LAST)) ||
                     (k == 1 && (nd->op == ALPHA_OP_CROSS_ENTROPY || nd->op == ALPHA_OP_CROSS_ENTROPY_BACKWARD));
        if (nd->src[k] && nd->src[k]->dtype != ALPHA_F32 && nd->op != ALPHA_OP_COPY && nd->op != ALPHA_OP_CAST &&
            nd->op != ALPHA_OP_EMBEDDING && !(idx_ok && nd->src[k]->dtype == ALPHA_I32))
            return alpha__vkt_unsupported(b, nd, "f32 inputs only");
    }
    switch (nd->op) {
    case ALPHA_OP_FILL:
        return alpha__vkt_ew(b, nd, 0);
    case ALPHA_OP_COPY: case ALPHA_OP_CAST:
        return alpha__vkt_ew(b, nd, 1);
    case ALPHA_OP_WHERE:
        return alpha__vkt_ew(b, nd, 3);
    case ALPHA_OP_DROPOUT:
        return alpha__vkt_dropout(b, nd);
    case ALPHA_OP_SUM_SQUARES:
        return alpha__vkt_sumsq(b, nd);
    case ALPHA_OP_ATTENTION: case ALPHA_OP_ATTENTION_BACKWARD:
        return alpha__vkt_attention(b, nd);
    case ALPHA_OP_CROSS_ENTROPY: case ALPHA_OP_CROSS_ENTROPY_BACKWARD:
        return alpha__vkt_cross_entropy(b, nd);
    case ALPHA_OP_LAYERNORM_BACKWARD:
        return alpha__vkt_layernorm_backward(b, nd);
    case ALPHA_OP_EMBEDDING_BACKWARD:
        return alpha__vkt_embedding_backward(b, nd);
    case ALPHA_OP_SCATTER_ADD_LAST:
        return alpha__vkt_scatter_add_last(b, nd);
    case ALPHA_OP_TOPK:
        return alpha__vkt_topk(b, nd);
    case ALPHA_OP_NEG: case ALPHA_OP_SCALE: case ALPHA_OP_ADD_SCALAR: case ALPHA_OP_EXP: case ALPHA_OP_LOG:
    case ALPHA_OP_SQRT: case ALPHA_OP_RSQRT: case ALPHA_OP_POW: case ALPHA_OP_ABS: case ALPHA_OP_TANH:
    case ALPHA_OP_SIGMOID: case ALPHA_OP_RELU: case ALPHA_OP_GELU: case ALPHA_OP_SILU: case ALPHA_OP_CLAMP:
        return alpha__vkt_ew(b, nd, 1);
    case ALPHA_OP_ADD: case ALPHA_OP_SUB: case ALPHA_OP_MUL: case ALPHA_OP_DIV: case ALPHA_OP_EQUAL:
        return alpha__vkt_ew(b, nd, 2);
    case ALPHA_OP_SOFTMAX: case ALPHA_OP_LOG_SOFTMAX: case ALPHA_OP_SOFTMAX_BACKWARD: case ALPHA_OP_LOG_SOFTMAX_BACKWARD:
        return alpha__vkt_softmax(b, nd);
    case ALPHA_OP_ADAMW:
        return alpha__vkt_adamw(b, nd);
    case ALPHA_OP_UNARY_BACKWARD:
        return alpha__vkt_ubw(b, nd);
    case ALPHA_OP_EMBEDDING:
        return alpha__vkt_embedding(b, nd);
    case ALPHA_OP_LAYERNORM: case ALPHA_OP_ADD_LAYERNORM:
        return alpha__vkt_layernorm(b, nd);
    case ALPHA_OP_MATMUL:
        return alpha__vkt_matmul(b, nd);
    case ALPHA_OP_SUM: case ALPHA_OP_MEAN: case ALPHA_OP_MAX: case ALPHA_OP_MIN: case ALPHA_OP_ARGMAX:
        return alpha__vkt_reduce(b, nd);
    default:
        return alpha__vkt_unsupported(b, nd, "no kernel yet");
    }
}
ALPHA_API size_t alpha_vk_backend_peak(const alpha_backend *be) {
    return be && be->alloc == alpha__vkt_alloc && be->user ? ((const alpha__vkt *)be->user)->peak : 0;
}
static void alpha__vkt_destroy(void *user) {
    alpha__vkt *b = (alpha__vkt *)user;
    alpha_vk *vk;
    if (!b) return;
    vk = b->vk;
    if (vk->capture) alpha_vk_capture_free(vk, vk->capture);   /* a capture left open by a failed step */
    alpha_vk_buffer_free(vk, b->arena);
    alpha__vk_free(&vk->allocator, b);
}

/* step capture: the arena is one buffer, so a capture's dispatches stay valid for its lifetime */
/* a capture's products reuse only copies the capture itself made (each replay makes them again) */
static alpha_result alpha__vkt_capture_begin(void *user) {
    ((alpha__vkt *)user)->n_copies = ((alpha__vkt *)user)->n_kept = 0;
    return alpha_vk_capture_begin(((alpha__vkt *)user)->vk);
}
static alpha_result alpha__vkt_capture_end(void *user, void **graph) {
    alpha_vk_capture *cap = NULL;
    alpha_result r = alpha_vk_capture_end(((alpha__vkt *)user)->vk, &cap);
    ((alpha__vkt *)user)->n_copies = ((alpha__vkt *)user)->n_kept = 0;
    *graph = cap;
    return r;
}
static alpha_result alpha__vkt_replay(void *user, void *graph) {
    ((alpha__vkt *)user)->n_copies = ((alpha__vkt *)user)->n_kept = 0;
    return alpha_vk_replay(((alpha__vkt *)user)->vk, (alpha_vk_capture *)graph);
}
static void alpha__vkt_graph_free(void *user, void *graph) { alpha_vk_capture_free(((alpha__vkt *)user)->vk, (alpha_vk_capture *)graph); }

ALPHA_API alpha_result alpha_vk_backend(alpha_vk *vk, size_t arena_bytes, alpha_backend *out) {
    alpha__vkt *b;
    alpha_result r;
    uint32_t dims;
    int bda;
    if (out) memset(out, 0, sizeof *out);
    if (!vk) return ALPHA_ERR_INVALID;
    if (!out) return alpha__vk_fail(vk, ALPHA_ERR_INVALID, "alpha_vk_backend: out is NULL");
    if (!vk->device) return alpha__vk_fail(vk, ALPHA_ERR_STATE, "alpha_vk_backend: the runtime was not created successfully");
    if (!arena_bytes) arena_bytes = (size_t)64 << 20;
    /* with device addresses the arena is one buffer of up to 16 GiB (u32 word indices); else one
       storage-buffer binding, at most maxStorageBufferRange */
    bda = vk->info.buffer_device_address && !vk->no_bda;
    if (bda && (uint64_t)arena_bytes > ((uint64_t)16 << 30) - 64) arena_bytes = (size_t)(((uint64_t)16 << 30) - 64);
    if (!bda && vk->info.max_storage_buffer_range && arena_bytes > vk->info.max_storage_buffer_range) arena_bytes = (size_t)vk->info.max_storage_buffer_range;
    arena_bytes &= ~(size_t)63u;
    for (dims = ALPHA__VKT_MAXD; dims > 4 && vk->info.max_push_constants < 4u * alpha__vkt_push_words(ALPHA__VKT_EW, dims) + (bda ? 8u : 0u); dims--) {}
    if (vk->info.max_push_constants < 4u * alpha__vkt_push_words(ALPHA__VKT_EW, dims) + (bda ? 8u : 0u))
        return alpha__vk_fail(vk, ALPHA_ERR_UNSUPPORTED, "alpha_vk_backend: the device has %u bytes of push constants, 128 are needed",
                              vk->info.max_push_constants);
    b = (alpha__vkt *)alpha__vk_alloc(&vk->allocator, sizeof *b);
    if (!b) return alpha__vk_fail(vk, ALPHA_ERR_OOM, "alpha_vk_backend: out of host memory");
    memset(b, 0, sizeof *b);
    b->vk = vk;
    b->ew_dims = dims;
    b->bda = bda;
    for (b->sumsq_threads = 64; b->sumsq_threads < 1024 && 2 * b->sumsq_threads <= vk->info.max_workgroup_invocations &&
                                2 * b->sumsq_threads <= vk->info.max_workgroup_size[0]; b->sumsq_threads *= 2) {}
    r = alpha_vk_buffer_create(vk, arena_bytes, &b->arena);
    if (r != ALPHA_OK) {
        char why[sizeof vk->err];
        memcpy(why, vk->err, sizeof why);
        alpha__vk_free(&vk->allocator, b);
        return alpha__vk_fail(vk, r, "alpha_vk_backend: no arena of %llu bytes: %s", (unsigned long long)arena_bytes, why);
    }
    b->size = arena_bytes;
    b->addr = bda ? alpha_vk_buffer_address(vk, b->arena) : 0;
    snprintf(b->name, sizeof b->name, "vulkan:%s", vk->info.device_name);
    out->name = b->name;
    out->user = b;
    out->alloc = alpha__vkt_alloc;
    out->mark = alpha__vkt_mark;
    out->reset = alpha__vkt_reset;
    out->upload = alpha__vkt_upload;
    out->download = alpha__vkt_download;
    out->exec = alpha__vkt_exec;
    out->destroy = alpha__vkt_destroy;
    out->capture_begin = alpha__vkt_capture_begin;
    out->capture_end = alpha__vkt_capture_end;
    out->replay = alpha__vkt_replay;
    out->graph_free = alpha__vkt_graph_free;
    out->caps = ALPHA_BACKEND_CAP_ACCUMULATE;
    return ALPHA_OK;
}
#endif /* ALPHA_VULKAN */

#endif /* ALPHA_VK_IMPLEMENTATION */

/*
------------------------------------------------------------------------------
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
------------------------------------------------------------------------------
*/
