/* alpha_train.h - v0.1.0 - training GPT models: AdamW, schedules, checkpoints, the training
   loop, tokenizers, data, metrics, progress and loss plots.

   PURPOSE
   Everything a training run needs around the model itself, in one stb-style header:
   AdamW with decoupled weight decay, warmup + cosine learning-rate schedule, global-norm
   clipping, gradient accumulation, NaN/Inf step skipping and dynamic loss scaling (for f16
   products); ALPH checkpoints that resume a
   run bit for bit; a trainer object that ties model, optimizer and data together; a small JSON writer and a strict JSON parser (used for checkpoint headers, tokenizer
   files and metrics), three tokenizers (char, word and trainable byte-level BPE), a token
   file format and a data loader that yields reproducible random batches whose position can
   be saved and restored exactly, a JSONL metrics writer, a terminal progress line, an SVG
   loss plot, and a few portable file helpers (recursive mkdir, atomic file replace).

   DO THIS
       #define ALPHA_IMPLEMENTATION        (or ALPHA_TRAIN_IMPLEMENTATION for this header only)
       #include "alpha_train.h"
   in exactly one C or C++ file; include it without the macro everywhere else.

   CONFIGURATION MACROS (define before the implementation include)
       ALPHA_STATIC                   every function becomes static (TU-private)
       ALPHA_MALLOC(sz) / ALPHA_FREE(p)  default allocator (malloc/free); define both or neither

   DEPENDENCIES
       alpha_model.h (and through it alpha_autograd.h, alpha_tensor.h), the C library, libm and
       threads. On Windows the implementation includes <windows.h> (lean) for MoveFileExA and
       QueryPerformanceCounter.
       cc -O2 -I. prog.c -o prog -lm -lpthread

   WHAT IT DOES NOT DO
       No Unicode normalisation or regex pre-tokenisation (BPE pre-splits with simple byte
       classes), no special tokens other than the word tokenizer's <unk>, no JSON comments,
       trailing commas, NaN or Infinity (strict RFC 8259), no memory-mapped data files, no
       network access, no plotting other than SVG.

   QUICK START
   ```c
   #define ALPHA_IMPLEMENTATION
   #include "alpha_train.h"
   #include <stdio.h>
   #include <string.h>

   int main(void) {
       const char *text = "the quick brown fox jumps over the lazy dog. "
                          "the lazy dog sleeps; the quick fox runs. ";
       alpha_tokenizer_desc td;
       alpha_tokenizer *tok = NULL;
       int32_t ids[256];
       size_t n = 0, len = 0;
       char back[256];
       alpha_data_desc dd;
       alpha_data *data = NULL;
       int32_t x[2 * 8], y[2 * 8];

       memset(&td, 0, sizeof td);
       td.kind = ALPHA_TOKENIZER_BPE;
       td.vocab_size = 300;
       if (alpha_tokenizer_train(&td, text, strlen(text), &tok) != ALPHA_OK) return 1;
       alpha_tokenizer_encode(tok, text, strlen(text), ids, 256, &n);
       alpha_tokenizer_decode(tok, ids, n, back, sizeof back, &len);
       printf("%d tokens in vocab, %d ids, round trip %s\n", alpha_tokenizer_vocab_size(tok),
              (int)n, (len == strlen(text) && memcmp(back, text, len) == 0) ? "ok" : "BAD");

       memset(&dd, 0, sizeof dd);
       dd.batch_size = 2; dd.seq_len = 8; dd.seed = 42;
       dd.val_fraction = -1;                 // no validation split: tiny text
       if (alpha_data_create(&dd, ids, n, &data) != ALPHA_OK) return 1;
       alpha_data_next_batch(data, x, y);
       printf("first batch: x[0]=%d y[0]=%d\n", (int)x[0], (int)y[0]);
       alpha_data_free(data);
       alpha_tokenizer_free(tok);
       return 0;
   }
   ```

   TOPICS
   Errors:    functions that can fail return alpha_result (ALPHA_OK = 0). Objects keep their
              last error (alpha_tokenizer_last_error, alpha_data_last_error, ...). Loaders and
              parsers also take an optional `char *err, size_t err_cap` that receives the reason
              ("3:17: expected ':' after object key"), and every failure is also sent to the
              logger. Nothing here calls exit/abort/assert on user input.
   Memory:    every object takes an alpha_allocator in its desc (NULL alloc = ALPHA_MALLOC).
              Buffers returned by *_alloc functions and loaders are freed with
              alpha_train_free(allocator, ptr) using the same allocator.
   Threading: no globals; one object, one thread at a time.
   Formats:   JSON (RFC 8259, UTF-8); tokenizer file = the line "ALPHATOK 1\n" then one JSON
              object (see alpha_tokenizer_to_json); token file = 32-byte little-endian header
              ("ALPHATKN", u32 version 1, u32 dtype 1=uint16 2=int32, u64 count, u64 vocab
              size or 0) then the tokens; metrics = JSON Lines, one object per step with keys
              step, loss, lr, grad_norm, tok_s, ms and val_loss when present.
   Sections:  1 utilities, 2 JSON, 3 tokenizers, 4 token files and data loader,
              5 metrics and progress, 6 loss plot, 7 optimizer and schedule, 8 checkpoints,
              9 the training loop, 10 activation search (symbiogenesis).
*/
#ifndef ALPHA_TRAIN_H
#define ALPHA_TRAIN_H

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

#include "alpha_model.h"

#include <stdio.h> /* FILE, for alpha_progress */

#define ALPHA_TRAIN_VERSION_MAJOR 0
#define ALPHA_TRAIN_VERSION_MINOR 1
#define ALPHA_TRAIN_VERSION_PATCH 0

ALPHA_EXTERN_C_BEGIN

/* =========================================================================================
   SECTION 1: UTILITIES (files, directories, time)
   ========================================================================================= */

/* Frees a buffer returned by an alpha_train.h function (*_alloc, loaders, alpha_train_read_file)
   with the allocator that was given to it (NULL = default). NULL ptr is fine. */
ALPHA_API void alpha_train_free(const alpha_allocator *allocator, void *ptr);

/* Seconds since an arbitrary fixed point, monotonic where the platform offers it. */
ALPHA_API double alpha_train_now(void);

/* Creates a directory and all missing parents ("mkdir -p"); existing directories are fine. */
ALPHA_API alpha_result alpha_train_mkdirs(const char *path, const alpha_logger *logger);

/* Reads a whole file into a new NUL-terminated buffer (freed with alpha_train_free).
   max_size 0 = 1 GiB. Files larger than max_size are rejected. */
ALPHA_API alpha_result alpha_train_read_file(const char *path, size_t max_size,
                                             const alpha_allocator *allocator,
                                             const alpha_logger *logger, char **out_data,
                                             size_t *out_size, char *err, size_t err_cap);

/* Atomic file replacement: write to "<path>.tmp.<n>", then commit = flush, fsync, close and
   rename over path (MoveFileExA on Windows), so readers see the old or the new file, never a
   torn one. abort removes the temporary file. Errors are sticky; commit reports them. */
typedef struct alpha_atomic_file {
    int fd;
    alpha_result status;
    char *path, *tmp_path;
    alpha_allocator allocator;
    alpha_logger logger;
    char error[256];
} alpha_atomic_file;
ALPHA_API alpha_result alpha_atomic_file_open(alpha_atomic_file *f, const char *path,
                                              const alpha_allocator *allocator,
                                              const alpha_logger *logger);
ALPHA_API alpha_result alpha_atomic_file_write(alpha_atomic_file *f, const void *data, size_t size);
ALPHA_API alpha_result alpha_atomic_file_commit(alpha_atomic_file *f);
ALPHA_API void alpha_atomic_file_abort(alpha_atomic_file *f);

/* =========================================================================================
   SECTION 2: JSON
   Writer: builds JSON text in a growable buffer. Numbers round-trip exactly (floats with the
   shortest of %.6g..%.9g that reads back equal, doubles %.15g..%.17g); NaN/Inf are written as
   null (JSON has neither). Invalid UTF-8 in strings becomes U+FFFD; use
   alpha_json_write_bytes for exact byte strings. Misuse (value without key in an object,
   unbalanced end, depth > ALPHA_JSON_MAX_DEPTH) sets a sticky error reported by finish.
   Parser: strict RFC 8259 into a tree allocated in one arena (free with alpha_json_free),
   limits on depth and size, UTF-8 validated, duplicate keys rejected, errors as
   "line:col: reason". Any input is safe to parse.
   ========================================================================================= */

#define ALPHA_JSON_MAX_DEPTH 64

typedef enum alpha_json_type {
    ALPHA_JSON_NULL = 0, ALPHA_JSON_BOOL, ALPHA_JSON_NUMBER, ALPHA_JSON_STRING,
    ALPHA_JSON_ARRAY, ALPHA_JSON_OBJECT
} alpha_json_type;

/* One parsed value. Read-only for users; all memory belongs to the root. */
typedef struct alpha_json {
    alpha_json_type type;
    uint32_t line, col;        /* where the value starts in the parsed text (1-based) */
    int boolean;               /* BOOL */
    int is_int;                /* NUMBER: the literal is an integer that fits in int64 */
    double number;             /* NUMBER (also set for integers) */
    int64_t integer;           /* NUMBER when is_int */
    const char *str;           /* STRING: decoded UTF-8 bytes, NUL-terminated */
    size_t len;                /* STRING: byte length (may contain NUL from \u0000) */
    const char *key;           /* member name when this value sits in an object, else NULL */
    size_t key_len;
    struct alpha_json *items;  /* ARRAY elements / OBJECT members, in document order */
    size_t count;
} alpha_json;

typedef struct alpha_json_parse_desc {
    size_t max_depth;          /* 0 = 64; at most 1000 */
    size_t max_size;           /* input bytes; 0 = 256 MiB */
    alpha_allocator allocator;
    alpha_logger logger;
} alpha_json_parse_desc;

/* Parses text[0..len). On success *out_root is the tree (alpha_json_free it). On failure
   *out_root is NULL, err gets "line:col: reason" and the logger an error. desc may be NULL. */
ALPHA_API alpha_result alpha_json_parse(const char *text, size_t len,
                                        const alpha_json_parse_desc *desc,
                                        alpha_json **out_root, char *err, size_t err_cap);
ALPHA_API void alpha_json_free(alpha_json *root);

ALPHA_API const char *alpha_json_type_name(alpha_json_type type);
/* Member of an object by key (NULL if v is not an object or has no such key). */
ALPHA_API const alpha_json *alpha_json_get(const alpha_json *obj, const char *key);
/* Element i of an array or member i of an object (NULL if out of range or a scalar). */
ALPHA_API const alpha_json *alpha_json_at(const alpha_json *v, size_t i);
/* Number of elements/members; 0 for scalars and NULL. */
ALPHA_API size_t alpha_json_count(const alpha_json *v);
/* Dotted path lookup: "config.n_layer", "tensors.3.shape.0" (numbers index arrays). */
ALPHA_API const alpha_json *alpha_json_find(const alpha_json *root, const char *path);
/* Lenient accessors: the value, or fallback when v is NULL or of another type. as_int accepts
   numbers that are exact integers in int64 range. */
ALPHA_API double alpha_json_as_double(const alpha_json *v, double fallback);
ALPHA_API int64_t alpha_json_as_int(const alpha_json *v, int64_t fallback);
ALPHA_API const char *alpha_json_as_string(const alpha_json *v, const char *fallback);
ALPHA_API int alpha_json_as_bool(const alpha_json *v, int fallback);
/* Checked member accessors for loaders: ALPHA_OK, or ALPHA_ERR_FORMAT with err set to
   "line:col: 'key': expected an integer in [lo, hi], got 1.5" (missing keys name the object). */
ALPHA_API alpha_result alpha_json_get_int(const alpha_json *obj, const char *key, int64_t lo,
                                          int64_t hi, int64_t *out, char *err, size_t err_cap);
ALPHA_API alpha_result alpha_json_get_double(const alpha_json *obj, const char *key,
                                             double *out, char *err, size_t err_cap);
ALPHA_API alpha_result alpha_json_get_bool(const alpha_json *obj, const char *key, int *out,
                                           char *err, size_t err_cap);
ALPHA_API alpha_result alpha_json_get_string(const alpha_json *obj, const char *key,
                                             const char **out, size_t *out_len, char *err,
                                             size_t err_cap);
/* Member that must be an array (type ALPHA_JSON_ARRAY) or an object (ALPHA_JSON_OBJECT). */
ALPHA_API alpha_result alpha_json_get_typed(const alpha_json *obj, const char *key,
                                            alpha_json_type type, const alpha_json **out,
                                            char *err, size_t err_cap);

typedef struct alpha_json_writer_desc {
    int indent;                /* 0 = compact; n = pretty with n spaces per level */
    alpha_allocator allocator;
} alpha_json_writer_desc;

typedef struct alpha_json_writer {
    char *buf;                 /* NUL-terminated text so far (may be NULL before any output) */
    size_t len, cap;
    alpha_allocator allocator;
    int indent;
    int depth;
    unsigned char kind[ALPHA_JSON_MAX_DEPTH];   /* 'o' object / 'a' array per open level */
    unsigned char nonempty[ALPHA_JSON_MAX_DEPTH];
    int after_key;             /* a key was written; its value must come next */
    int done;                  /* a complete top-level value exists */
    alpha_result status;       /* sticky */
    char error[160];
} alpha_json_writer;

/* desc may be NULL (compact, default allocator). */
ALPHA_API void alpha_json_writer_init(alpha_json_writer *w, const alpha_json_writer_desc *desc);
ALPHA_API void alpha_json_writer_free(alpha_json_writer *w);
/* Empties the text but keeps the buffer (for writing JSON Lines one by one). */
ALPHA_API void alpha_json_writer_reset(alpha_json_writer *w);
/* The finished text, or NULL if a sticky error happened or a value is incomplete (then
   w->error says why). The text stays owned by the writer. */
ALPHA_API const char *alpha_json_writer_finish(alpha_json_writer *w, size_t *out_len);
ALPHA_API void alpha_json_object_begin(alpha_json_writer *w);
ALPHA_API void alpha_json_object_end(alpha_json_writer *w);
ALPHA_API void alpha_json_array_begin(alpha_json_writer *w);
ALPHA_API void alpha_json_array_end(alpha_json_writer *w);
ALPHA_API void alpha_json_key(alpha_json_writer *w, const char *key);
ALPHA_API void alpha_json_write_string(alpha_json_writer *w, const char *s);
ALPHA_API void alpha_json_write_string_n(alpha_json_writer *w, const char *s, size_t n);
/* Exact bytes: a JSON string when the bytes are valid UTF-8, else an array of byte values
   (0..255). alpha_json_bytes() reads either form back. */
ALPHA_API void alpha_json_write_bytes(alpha_json_writer *w, const void *data, size_t n);
ALPHA_API void alpha_json_write_double(alpha_json_writer *w, double v);
ALPHA_API void alpha_json_write_float(alpha_json_writer *w, float v);
ALPHA_API void alpha_json_write_int(alpha_json_writer *w, int64_t v);
ALPHA_API void alpha_json_write_bool(alpha_json_writer *w, int v);
ALPHA_API void alpha_json_write_null(alpha_json_writer *w);
/* Writes a parsed (sub)tree. */
ALPHA_API void alpha_json_write_value(alpha_json_writer *w, const alpha_json *v);
/* key + value in one call, for objects. */
ALPHA_API void alpha_json_kv_string(alpha_json_writer *w, const char *key, const char *s);
ALPHA_API void alpha_json_kv_int(alpha_json_writer *w, const char *key, int64_t v);
ALPHA_API void alpha_json_kv_double(alpha_json_writer *w, const char *key, double v);
ALPHA_API void alpha_json_kv_float(alpha_json_writer *w, const char *key, float v);
ALPHA_API void alpha_json_kv_bool(alpha_json_writer *w, const char *key, int v);
/* Reads a value written by alpha_json_write_bytes: copies up to cap bytes into out and sets
   *out_len to the full length. ALPHA_ERR_FORMAT if v is neither a string nor an array of
   integers 0..255. out may be NULL with cap 0 to query the length. */
ALPHA_API alpha_result alpha_json_bytes(const alpha_json *v, void *out, size_t cap,
                                        size_t *out_len);

/* =========================================================================================
   SECTION 3: TOKENIZERS
   char: one token per distinct byte of the training text (ids in byte order). Encoding a
         byte that is not in the vocabulary skips it and logs one warning per call.
   word: <unk> (id 0), then the most frequent pieces of the training text, where a piece is
         a run of letters/digits (bytes >= 0x80 count as letters), one punctuation byte, or
         a run of up to 16 whitespace bytes. Unknown pieces encode to 0, which decodes to
         "<unk>".
   bpe:  byte-level BPE: ids 0..255 are the bytes, every further id is a learned merge of two
         earlier ids. Text is first split into chunks (an optional leading space plus a run of
         letters, digits or punctuation; whitespace runs; at most max_chunk bytes), merges
         never cross chunks. Any byte string round-trips exactly.
   ========================================================================================= */

typedef enum alpha_tokenizer_kind {
    ALPHA_TOKENIZER_BPE = 0, ALPHA_TOKENIZER_CHAR = 1, ALPHA_TOKENIZER_WORD = 2
} alpha_tokenizer_kind;

typedef struct alpha_tokenizer alpha_tokenizer;

typedef struct alpha_tokenizer_progress_info {
    const char *phase;         /* "count" (scanning text) or "merge" (BPE merges) */
    size_t done, total;
    double seconds;            /* since training started */
} alpha_tokenizer_progress_info;

/* Return nonzero to cancel training (train then returns ALPHA_ERR_STATE). */
typedef int (*alpha_tokenizer_progress_fn)(void *user_data, const alpha_tokenizer_progress_info *info);

typedef struct alpha_tokenizer_desc {
    alpha_tokenizer_kind kind;    /* 0 = BPE */
    int32_t vocab_size;           /* BPE: 0 = 4096, >= 256, includes the 256 byte tokens.
                                     word: 0 = 8192, >= 2, includes <unk>.
                                     char: 0 = all distinct bytes; else keep the most frequent */
    int32_t min_frequency;        /* BPE: stop when the best pair occurs fewer times; 0 = 2.
                                     word: drop pieces seen fewer times; 0 = 1 */
    int32_t max_chunk;            /* BPE chunk cap in bytes; 0 = 256 (8..65536) */
    alpha_tokenizer_progress_fn progress;   /* optional, called about 100 times */
    void *progress_user_data;
    alpha_allocator allocator;
    alpha_logger logger;          /* training also logs INFO lines: start, every 10%, end */
} alpha_tokenizer_desc;

ALPHA_API alpha_result alpha_tokenizer_train(const alpha_tokenizer_desc *desc, const void *text,
                                             size_t len, alpha_tokenizer **out);
ALPHA_API void alpha_tokenizer_free(alpha_tokenizer *tok);
ALPHA_API alpha_tokenizer_kind alpha_tokenizer_get_kind(const alpha_tokenizer *tok);
ALPHA_API const char *alpha_tokenizer_kind_name(alpha_tokenizer_kind kind);
ALPHA_API int32_t alpha_tokenizer_vocab_size(const alpha_tokenizer *tok);
/* The unknown-token id (word: 0) or -1 when the tokenizer has none (char, bpe). */
ALPHA_API int32_t alpha_tokenizer_unk_id(const alpha_tokenizer *tok);
/* The bytes of one token (not NUL-terminated) or NULL for a bad id. */
ALPHA_API const char *alpha_tokenizer_token(const alpha_tokenizer *tok, int32_t id, size_t *out_len);
ALPHA_API const char *alpha_tokenizer_last_error(const alpha_tokenizer *tok);
/* snprintf-style: writes at most capacity ids and sets *out_count to the full count
   (ids may be NULL with capacity 0 to count). */
ALPHA_API alpha_result alpha_tokenizer_encode(alpha_tokenizer *tok, const void *text, size_t len,
                                              int32_t *ids, size_t capacity, size_t *out_count);
/* Allocates the id array (free with alpha_train_free and the tokenizer's allocator). */
ALPHA_API alpha_result alpha_tokenizer_encode_alloc(alpha_tokenizer *tok, const void *text,
                                                    size_t len, int32_t **out_ids,
                                                    size_t *out_count);
/* snprintf-style: writes at most cap bytes, NUL-terminates when the text is shorter than cap,
   sets *out_len to the full length. ALPHA_ERR_INVALID (nothing written) on an id out of range. */
ALPHA_API alpha_result alpha_tokenizer_decode(alpha_tokenizer *tok, const int32_t *ids, size_t n,
                                              char *out, size_t cap, size_t *out_len);
/* Allocates a NUL-terminated result (free with alpha_train_free and the tokenizer's allocator). */
ALPHA_API alpha_result alpha_tokenizer_decode_alloc(alpha_tokenizer *tok, const int32_t *ids,
                                                    size_t n, char **out, size_t *out_len);
/* Writes the tokenizer as one JSON object value at the writer's position, e.g. after
   alpha_json_key(w, "tokenizer"). Schema: {"type":"bpe","version":1,"vocab_size":N,
   "max_chunk":256,"merges":[[a,b],...]} / {"type":"char","version":1,"vocab_size":N,
   "vocab":[...]} / {"type":"word","version":1,"vocab_size":N,"vocab":["<unk>",...]};
   vocab entries are alpha_json_write_bytes values. */
ALPHA_API alpha_result alpha_tokenizer_to_json(const alpha_tokenizer *tok, alpha_json_writer *w);
/* Builds a tokenizer from such a value, validating every field. desc supplies allocator and
   logger only (may be NULL). */
ALPHA_API alpha_result alpha_tokenizer_from_json(const alpha_json *value,
                                                 const alpha_tokenizer_desc *desc,
                                                 alpha_tokenizer **out, char *err, size_t err_cap);
/* Standalone file: "ALPHATOK 1\n" + the JSON object + "\n", written atomically. */
ALPHA_API alpha_result alpha_tokenizer_save(alpha_tokenizer *tok, const char *path);
ALPHA_API alpha_result alpha_tokenizer_load(const char *path, const alpha_tokenizer_desc *desc,
                                            alpha_tokenizer **out, char *err, size_t err_cap);
ALPHA_API alpha_result alpha_tokenizer_load_mem(const void *data, size_t size,
                                                const alpha_tokenizer_desc *desc,
                                                alpha_tokenizer **out, char *err, size_t err_cap);

/* =========================================================================================
   SECTION 4: TOKEN FILES AND THE DATA LOADER
   ========================================================================================= */

#define ALPHA_TOKEN_FILE_HEADER_SIZE 32
typedef enum alpha_token_dtype { ALPHA_TOKEN_U16 = 1, ALPHA_TOKEN_I32 = 2 } alpha_token_dtype;

/* Writes tokens atomically; uint16 when every token is in 0..65535, else int32. vocab_size is
   stored (0 = unknown) and, when nonzero, every token must be below it. */
ALPHA_API alpha_result alpha_token_file_save(const char *path, const int32_t *tokens, size_t count,
                                             int32_t vocab_size, const alpha_logger *logger);
/* Loads and validates a token file; *out_tokens is freed with alpha_train_free(allocator). */
ALPHA_API alpha_result alpha_token_file_load(const char *path, const alpha_allocator *allocator,
                                             const alpha_logger *logger, int32_t **out_tokens,
                                             size_t *out_count, int32_t *out_vocab_size,
                                             char *err, size_t err_cap);
/* The same from memory (for fuzzing and embedding). */
ALPHA_API alpha_result alpha_token_file_parse(const void *data, size_t size,
                                              const alpha_allocator *allocator,
                                              const alpha_logger *logger, int32_t **out_tokens,
                                              size_t *out_count, int32_t *out_vocab_size,
                                              char *err, size_t err_cap);

typedef struct alpha_data alpha_data;

typedef struct alpha_data_desc {
    int32_t batch_size;        /* B; 0 = 8 */
    int32_t seq_len;           /* T; 0 = 64 */
    double val_fraction;       /* last fraction of the tokens kept for validation; 0 = 0.1,
                                  negative = no validation split */
    uint64_t seed;             /* batch order is a pure function of (seed, step) */
    int32_t vocab_size;        /* nonzero: every token must be in [0, vocab_size) */
    int borrow;                /* nonzero: keep the caller's token array (must outlive) */
    alpha_allocator allocator;
    alpha_logger logger;
} alpha_data_desc;

/* Everything needed to continue exactly: store it in checkpoints. */
typedef struct alpha_data_state {
    uint64_t seed;
    uint64_t step;             /* training batches handed out so far */
    uint64_t val_pos;          /* next validation window start */
    uint64_t train_tokens;     /* size of the train split, checked on restore */
} alpha_data_state;

ALPHA_API alpha_result alpha_data_create(const alpha_data_desc *desc, const int32_t *tokens,
                                         size_t count, alpha_data **out);
ALPHA_API void alpha_data_free(alpha_data *d);
ALPHA_API const char *alpha_data_last_error(const alpha_data *d);
ALPHA_API size_t alpha_data_train_tokens(const alpha_data *d);
ALPHA_API size_t alpha_data_val_tokens(const alpha_data *d);
/* Fills x[B*T] and y[B*T] (row-major [B][T]) with B random windows of the train split;
   y is x shifted by one token. Advances the step. */
ALPHA_API alpha_result alpha_data_next_batch(alpha_data *d, int32_t *x, int32_t *y);
/* The batch that next_batch returns at a given step, without changing the state. */
ALPHA_API alpha_result alpha_data_batch_at(const alpha_data *d, uint64_t step, int32_t *x, int32_t *y);
ALPHA_API void alpha_data_get_state(const alpha_data *d, alpha_data_state *out);
ALPHA_API alpha_result alpha_data_set_state(alpha_data *d, const alpha_data_state *state);
/* Validation: consecutive windows of T+1 tokens with stride T over the val split.
   val_next fills up to B rows and sets *out_rows (0 when the split is exhausted). */
ALPHA_API size_t alpha_data_val_windows(const alpha_data *d);
ALPHA_API void alpha_data_val_reset(alpha_data *d);
ALPHA_API alpha_result alpha_data_val_next(alpha_data *d, int32_t *x, int32_t *y, int32_t *out_rows);

/* =========================================================================================
   SECTION 5: METRICS (JSONL) AND THE PROGRESS LINE
   ========================================================================================= */

typedef struct alpha_metrics alpha_metrics;

typedef struct alpha_metrics_desc {
    const char *run_dir;       /* created with parents; NULL = "runs/default" */
    const char *file_name;     /* NULL = "metrics.jsonl" */
    int append;                /* nonzero: append (resume), else truncate */
    alpha_allocator allocator;
    alpha_logger logger;
} alpha_metrics_desc;

typedef struct alpha_metrics_record {
    int64_t step;
    double loss, lr, grad_norm;
    double tok_s;              /* tokens per second */
    double ms;                 /* step time in milliseconds */
    int has_val_loss;
    double val_loss;
} alpha_metrics_record;

ALPHA_API alpha_result alpha_metrics_open(const alpha_metrics_desc *desc, alpha_metrics **out);
/* Writes and flushes one line {"step":..,"loss":..,"lr":..,"grad_norm":..,"tok_s":..,"ms":..
   [,"val_loss":..]}. */
ALPHA_API alpha_result alpha_metrics_log(alpha_metrics *m, const alpha_metrics_record *rec);
/* For extra fields: begin_line writes the record's fields and returns the writer positioned
   inside the line's object (add alpha_json_kv_* calls), end_line closes and writes it. */
ALPHA_API alpha_json_writer *alpha_metrics_begin_line(alpha_metrics *m, const alpha_metrics_record *rec);
ALPHA_API alpha_result alpha_metrics_end_line(alpha_metrics *m);
ALPHA_API const char *alpha_metrics_path(const alpha_metrics *m);
ALPHA_API const char *alpha_metrics_last_error(const alpha_metrics *m);
ALPHA_API void alpha_metrics_close(alpha_metrics *m);

typedef struct alpha_progress_desc {
    FILE *out;                 /* NULL = stderr */
    int64_t total;             /* total steps (0 = unknown: no ETA) */
    int64_t start_step;        /* first step of this run (for resumed runs' rates) */
    const char *label;         /* NULL = "train" */
    int mode;                  /* 0 = auto (TTY: \r updates, else lines), 1 = TTY, 2 = lines */
    double interval_s;         /* lines mode: at most one line per interval; 0 = 10 s */
} alpha_progress_desc;

typedef struct alpha_progress {
    FILE *out;
    int tty;
    int64_t total, start_step;
    char label[32];
    double t0, last_print, interval_s;
    int last_len;
    int printed;
} alpha_progress;

ALPHA_API void alpha_progress_init(alpha_progress *p, const alpha_progress_desc *desc);
/* step = steps completed. Prints when due (TTY: at most 10 times a second; lines: every
   interval_s, and always the first and the last step). */
ALPHA_API void alpha_progress_update(alpha_progress *p, int64_t step, double loss, double tok_s);
/* Ends the TTY line with a newline. */
ALPHA_API void alpha_progress_finish(alpha_progress *p);
/* The text of one progress line ("train 120/5000 2.4% | loss 3.2145 | 12.3k tok/s |
   elapsed 1m05s | ETA 4m12s"); returns its length (snprintf-style). */
ALPHA_API size_t alpha_progress_format(char *buf, size_t cap, const char *label, int64_t step,
                                       int64_t total, int64_t start_step, double loss,
                                       double tok_s, double elapsed_s);

/* =========================================================================================
   SECTION 6: LOSS PLOT (SVG)
   ========================================================================================= */

typedef struct alpha_plot_desc {
    int width, height;         /* 0 = 800 x 480 */
    const char *title;         /* NULL = "training loss" */
    double smooth;             /* EMA factor for the smoothed train curve in [0,1); 0 = 0.9,
                                  negative = no smoothed curve */
    int log_y;                 /* nonzero: logarithmic loss axis */
    alpha_allocator allocator;
    alpha_logger logger;
} alpha_plot_desc;

/* Reads JSON Lines (lines with "step" and "loss" / "val_loss"; malformed lines are skipped
   and counted in a warning) and returns an SVG document (free with alpha_train_free). */
ALPHA_API alpha_result alpha_plot_loss_svg(const alpha_plot_desc *desc, const char *jsonl,
                                           size_t len, char **out_svg, size_t *out_len);
/* File to file; the SVG is written atomically. */
ALPHA_API alpha_result alpha_plot_loss_file(const alpha_plot_desc *desc, const char *metrics_path,
                                            const char *svg_path);

/* =========================================================================================
   SECTION 7: OPTIMIZER AND LEARNING-RATE SCHEDULE
   AdamW with decoupled weight decay; biases and LayerNorm parameters (every 1-D tensor) are
   never decayed, embeddings (wte, wpe) optionally not. alpha_adamw_step() computes the global
   gradient norm, skips the update (and logs it) when the norm is NaN or Inf, clips to
   clip_norm, and runs the fused update kernel.
   Flat layout: when every parameter and gradient is a contiguous f32 tensor with a storage of its
   own, all on one device (and desc.separate_storage is 0), alpha_adamw_create copies them into
   one parameter buffer and one gradient buffer (m and v alike), decayed parameters first, and
   points each parameter and gradient (the same alpha_tensor objects: the model, autograd and
   checkpoints see no difference) at its slice; their old storage stays allocated. A step is
   then one sum of squares over all gradients and two update kernels (decayed, the rest), instead
   of about three kernels per parameter. The norm is one fixed-order sum over all gradients (on
   the CPU: in double), so with clipping active it can differ in the last bit from the per-tensor
   path's f32 chain of per-tensor sums; without clipping both give the same bits. The moments of
   both layouts are per-parameter tensors (opt->m[i]), so checkpoints do not depend on it.
   Otherwise: one update kernel per parameter. The norm, the clipping and the skip
   happen on the parameters' device (alpha_adamw_update reads them from device tensors), so a
   step has no readback until it is done: alpha_adamw_step = alpha_adamw_prepare (writes this
   step's learning rate and bias corrections) + alpha_adamw_record (the kernels: capturable) +
   alpha_adamw_finish (reads the norm back, counts the step unless it was skipped).
   ========================================================================================= */

typedef struct alpha_adamw_desc {
    float lr;                  /* peak learning rate; 0 = 3e-4 */
    float beta1, beta2;        /* 0 = 0.9, 0.95 */
    float eps;                 /* 0 = 1e-8 */
    float weight_decay;        /* 0 = 0.1; negative = none */
    int no_decay_embeddings;   /* 1: no weight decay on wte/wpe */
    float clip_norm;           /* global gradient-norm cap; 0 = 1.0; negative = no clipping */
    int separate_storage;      /* 1: leave every parameter in its own storage (no flat layout) */
} alpha_adamw_desc;

typedef struct alpha_adamw alpha_adamw;

typedef struct alpha_adamw_report {
    double grad_norm;          /* before clipping, after grad_scale */
    int skipped;               /* 1: the norm was not finite, nothing was updated */
} alpha_adamw_report;

/* Allocates the moments (zeros, in ctx's arena: create before taking the step mark) and, for the
   flat layout, the parameter and gradient buffers the parameters move into: resetting ctx to a
   mark taken before this would free the parameters' storage. */
ALPHA_API alpha_result alpha_adamw_create(alpha_ctx *ctx, alpha_tensor *const *params, int n,
                                          const alpha_adamw_desc *desc, alpha_adamw **out);
/* One update from the params' .grad, each scaled by grad_scale first (1/accumulation steps). */
ALPHA_API alpha_result alpha_adamw_step(alpha_adamw *opt, float lr, float grad_scale, alpha_adamw_report *report);
/* alpha_adamw_step in three parts, for a captured training step (see alpha_capture_begin):
   prepare before the capture or replay, record inside it, finish after it. */
ALPHA_API alpha_result alpha_adamw_prepare(alpha_adamw *opt, float lr);
ALPHA_API alpha_result alpha_adamw_record(alpha_adamw *opt, float grad_scale);
ALPHA_API alpha_result alpha_adamw_finish(alpha_adamw *opt, alpha_adamw_report *report);
/* Zeroes every parameter's gradient: one fill of the flat gradient buffer (see above), else
   alpha_zero_grad. Capturable. */
ALPHA_API void alpha_adamw_zero_grad(alpha_adamw *opt);
ALPHA_API int64_t alpha_adamw_steps(const alpha_adamw *opt);   /* updates applied so far */
ALPHA_API alpha_adamw_desc alpha_adamw_config(const alpha_adamw *opt);

/* Linear warmup from lr/warmup to lr over `warmup` steps, then cosine decay to lr*min_ratio at
   `total` steps, constant after. step counts from 0. */
typedef struct alpha_lr_desc {
    float lr;
    int64_t warmup, total;
    float min_ratio;
} alpha_lr_desc;
ALPHA_API float alpha_lr_at(const alpha_lr_desc *s, int64_t step);

/* =========================================================================================
   SECTION 8: CHECKPOINTS
   File layout (all little-endian):
       "ALPH"  u32 version (1)  u64 header_bytes  header (JSON, UTF-8)  zero padding to 64
       tensor data: each tensor at a 64-byte aligned offset from the start of the data section
   Header: {"format":"alpha-checkpoint","version":1,
            "config":{"vocab_size":..,"block_size":..,"n_layer":..,"n_head":..,"n_embd":..,
                      "mlp_mult":..,"dropout":..,"no_bias":..,"untied_head":..,"activation":"gelu",
                      "ln_eps":..},
            "optimizer":{"lr":..,"beta1":..,"beta2":..,"eps":..,"weight_decay":..,
                         "no_decay_embeddings":..,"clip_norm":..,"step":..} (when saved with one),
            "tokenizer":{...} or null,
            "state":{"step":..,"rng_seed":"..","rng_offset":"..","loss_scale":..,
                     "data":{"seed":"..","step":"..","val_pos":"..","train_tokens":".."}},
            "tensors":[{"name":"wte","dtype":"f32","shape":[V,C],"offset":0,"size":..},...]}
   Optimizer moments are stored as "adam.m.<name>" and "adam.v.<name>". 64-bit counters are
   decimal strings (JSON numbers lose precision above 2^53). Saving writes a temporary file,
   fsyncs and renames it over the target. Loading checks every field, offset and shape and
   says what is wrong.
   ========================================================================================= */

#define ALPHA_CHECKPOINT_VERSION 1

typedef struct alpha_train_state {
    int64_t step;              /* optimizer steps done */
    alpha_rng_state rng;       /* the context RNG (dropout) */
    alpha_data_state data;     /* the loader position */
    float loss_scale;          /* 1 for fp32 training */
} alpha_train_state;

typedef struct alpha_checkpoint alpha_checkpoint;

ALPHA_API alpha_result alpha_checkpoint_save(const char *path, const alpha_gpt *model, const alpha_adamw *opt,
                                             const alpha_tokenizer *tok, const alpha_train_state *state,
                                             const alpha_logger *logger);
/* Reads and validates a whole checkpoint (file or memory). err receives the reason on failure. */
ALPHA_API alpha_result alpha_checkpoint_open(const char *path, const alpha_allocator *allocator,
                                             alpha_checkpoint **out, char *err, size_t err_cap);
ALPHA_API alpha_result alpha_checkpoint_open_mem(const void *data, size_t size, const alpha_allocator *allocator,
                                                 alpha_checkpoint **out, char *err, size_t err_cap);
ALPHA_API void alpha_checkpoint_close(alpha_checkpoint *ck);
ALPHA_API alpha_gpt_desc alpha_checkpoint_model_config(const alpha_checkpoint *ck);
ALPHA_API int alpha_checkpoint_has_optimizer(const alpha_checkpoint *ck);
ALPHA_API alpha_train_state alpha_checkpoint_state(const alpha_checkpoint *ck);
/* Copies the parameters (and, when opt is given, the moments and step) into a model built with
   the checkpoint's config; any mismatch of names or shapes is an error naming the tensor. */
ALPHA_API alpha_result alpha_checkpoint_restore(const alpha_checkpoint *ck, alpha_gpt *model, alpha_adamw *opt,
                                                char *err, size_t err_cap);
/* The saved tokenizer, or NULL in *out when the checkpoint has none. */
ALPHA_API alpha_result alpha_checkpoint_tokenizer(const alpha_checkpoint *ck, alpha_tokenizer **out, char *err, size_t err_cap);
/* Opens path, creates the model in ctx with the saved config and restores its parameters. */
ALPHA_API alpha_result alpha_checkpoint_load_model(const char *path, alpha_ctx *ctx, alpha_gpt **model,
                                                   alpha_tokenizer **tok, char *err, size_t err_cap);

/* =========================================================================================
   SECTION 9: THE TRAINING LOOP
   A trainer owns a context, the model, the optimizer and the data loader. Each step runs
   accum_steps micro-batches of forward + backward, then one optimizer update at the scheduled
   learning rate. The steady-state step allocates nothing. alpha_trainer_save/resume capture
   everything that a run depends on (the loss scale too), so a resumed run reproduces an
   uninterrupted one bit for bit. With loss_scale > 1 the backward starts from the scale and the
   update divides it out; the scale halves on a step whose gradients overflow (that step is
   skipped) and doubles after loss_scale_window good ones, the captured step made again each time.
   ========================================================================================= */

typedef struct alpha_trainer_desc {
    alpha_gpt_desc model;
    alpha_adamw_desc optim;
    int batch_size;            /* 0 = 8 */
    int seq_len;               /* 0 = model block size */
    int accum_steps;           /* micro-batches per step; 0 = 1 */
    int64_t steps;             /* 0 = 1000 */
    int64_t warmup_steps;      /* 0 = steps / 20; negative = none */
    float min_lr_ratio;        /* 0 = 0.1 */
    double val_fraction;       /* 0 = 0.1 */
    uint64_t seed;             /* init, data order and dropout */
    int n_threads;             /* 0 = all CPUs */
    alpha_allocator allocator; /* for the context's arena (tensors, tape) */
    alpha_logger logger;
    /* A device to train on (e.g. from alpha_vk_backend), read by alpha_trainer_create, which adds
       it to the trainer's context: the context destroys it (its runtime, e.g. the alpha_vk, must
       outlive the trainer); NULL = the CPU. */
    const alpha_backend *device;
    int no_capture;            /* 1: never capture the step (by default a device that can replays it) */
    /* Dynamic loss scaling, for f16 products (ALPHA_VK_MATMUL_F16: gradients below f16's range
       would flush to zero): the backward starts from loss_scale instead of 1 and the update
       divides it out again; a step whose gradients overflow is skipped and halves the scale, and
       loss_scale_window good steps in a row double it (up to 2^24). 0 or 1: off. A power of two
       keeps every step bit for bit what it is unscaled. */
    float loss_scale;
    int loss_scale_window;     /* 0 = 1000 */
} alpha_trainer_desc;

typedef struct alpha_trainer {
    alpha_ctx *ctx;
    alpha_gpt *model;
    alpha_adamw *opt;
    alpha_data *data;
    alpha_trainer_desc cfg;    /* resolved */
    alpha_mark step_mark;
    int32_t *x, *y;            /* host: one micro-batch of inputs and targets (eval) */
    int32_t *tokens;           /* host: [2, accum, B, T] inputs then targets of a step */
    alpha_tensor *tokens_t;    /* the same on the model's device, written before each step */
    alpha_tensor *loss_t;      /* f32[1]: the step's summed micro-batch losses */
    alpha_graph *graph;        /* the captured step, replayed from the second step on */
    int capture;               /* 1: capture the next step; 0: run ops one by one */
    int64_t step;
    float loss_scale;          /* the current one (1: none); the captured step is made again when it changes */
    float graph_scale;         /* the scale the captured step has */
    int good_steps;            /* steps since the scale last changed or overflowed */
} alpha_trainer;

typedef struct alpha_step_stats {
    int64_t step;              /* the step just done, from 1 */
    double loss;               /* mean over the micro-batches */
    double lr, grad_norm, ms, tokens_per_s;
    int skipped;
    float loss_scale;          /* the scale this step ran with (1: none) */
} alpha_step_stats;

ALPHA_API alpha_trainer_desc alpha_trainer_desc_resolve(const alpha_trainer_desc *d);
/* tokens: the whole corpus (copied); split into train/validation by val_fraction. */
ALPHA_API alpha_result alpha_trainer_create(const alpha_trainer_desc *desc, const int32_t *tokens, size_t count,
                                            alpha_trainer **out);
ALPHA_API void alpha_trainer_destroy(alpha_trainer *tr);
ALPHA_API alpha_result alpha_trainer_step(alpha_trainer *tr, alpha_step_stats *stats);
/* Mean loss over up to max_batches validation batches (0 = the whole split). */
ALPHA_API alpha_result alpha_trainer_eval(alpha_trainer *tr, int max_batches, double *val_loss);
ALPHA_API alpha_result alpha_trainer_save(alpha_trainer *tr, const char *path, const alpha_tokenizer *tok);
/* Restores model, optimizer, step, RNG and data position from a checkpoint of the same config. */
ALPHA_API alpha_result alpha_trainer_resume(alpha_trainer *tr, const char *path, char *err, size_t err_cap);
ALPHA_API const char *alpha_activation_name(alpha_activation a);


/* =========================================================================================
   SECTION 10: ACTIVATION SEARCH ("symbiogenesis")
   An evolutionary search over the MLP activation of every layer (or one shared by all). A
   candidate (genome) gives each layer one of: gelu, relu, silu, swiglu (value * silu(gate):
   that layer's c_fc is twice as wide), "mix" (a learnable per-channel mixture c0 silu + c1 relu
   + c2 gelu + c3 x + c4 x^2, started as GELU) or an expression tree (alpha_expr) over the basis
   functions of x. Every candidate trains from the same initial weights on the same data order
   for the same number of steps (or, with continue_from_parent, from its parent's trained
   weights); its fitness is the validation loss plus size_penalty times the number of
   expression nodes. Selection is by tournament, children come from crossover and mutation, the
   best `elite` survive unchanged. Candidates of a generation train side by side (one
   single-threaded trainer each); the result depends only on the seeds, never on the thread
   count. Generation 0 holds the plain-GELU baseline.
   The shared initial weights are those of the GELU baseline (base.seed) for every parameter
   of the same name and shape; the others (a swiglu layer's [C, 2F] c_fc, mix coefficients)
   are what alpha_gpt_create gives them with the same seed (mix: GELU's coefficients).
   ========================================================================================= */

#define ALPHA_EXPR_MAX_NODES 15
#define ALPHA_EXPR_MAX_DEPTH 4      /* a lone leaf has depth 1 */
#define ALPHA_SYMBIO_MAX_LAYERS 32
#define ALPHA_SYMBIO_CURVE 32       /* points of a candidate's loss-curve summary */

/* Leaves are basis functions of the input x; inner nodes are scale (one child, a constant),
   add and mul (two children). Strings: x, silu(x), relu(x), gelu(x), tanh(x), square(x),
   sigmoid(x), scale(c, e), add(e, e), mul(e, e). */
typedef enum alpha_expr_op {
    ALPHA_EXPR_X = 0, ALPHA_EXPR_SILU, ALPHA_EXPR_RELU, ALPHA_EXPR_GELU, ALPHA_EXPR_TANH,
    ALPHA_EXPR_SQUARE, ALPHA_EXPR_SIGMOID,
    ALPHA_EXPR_SCALE, ALPHA_EXPR_ADD, ALPHA_EXPR_MUL,
    ALPHA_EXPR_OP_COUNT
} alpha_expr_op;
#define ALPHA_EXPR_N_LEAVES 7

typedef struct alpha_expr_node {
    int op;                    /* alpha_expr_op */
    float c;                   /* the constant of a scale node, 0 otherwise */
} alpha_expr_node;

/* A tree in prefix order: every subtree is a contiguous run of nodes. */
typedef struct alpha_expr {
    int n;
    alpha_expr_node nodes[ALPHA_EXPR_MAX_NODES];
} alpha_expr;

ALPHA_API alpha_expr alpha_expr_leaf(alpha_expr_op op);
ALPHA_API int alpha_expr_size(const alpha_expr *e);    /* nodes */
ALPHA_API int alpha_expr_depth(const alpha_expr *e);   /* 0 for an invalid tree */
/* 1 when e is a well-formed tree within ALPHA_EXPR_MAX_NODES / _MAX_DEPTH with finite constants. */
ALPHA_API int alpha_expr_valid(const alpha_expr *e);
ALPHA_API int alpha_expr_equal(const alpha_expr *a, const alpha_expr *b);
/* The expression applied elementwise to x with tensor ops (differentiable through the tape).
   NULL (and the context's error set) for an invalid tree. */
ALPHA_API alpha_tensor *alpha_expr_eval(alpha_ctx *ctx, const alpha_expr *e, alpha_tensor *x);
/* The same in double precision on one number (gelu is the tanh approximation alpha_gelu uses). */
ALPHA_API double alpha_expr_eval_scalar(const alpha_expr *e, double x);
/* "add(silu(x), scale(0.5, square(x)))"; snprintf-style: returns the full length. */
ALPHA_API size_t alpha_expr_to_string(const alpha_expr *e, char *buf, size_t cap);
/* Parses what alpha_expr_to_string writes (spaces allowed). err gets "col N: reason". */
ALPHA_API alpha_result alpha_expr_parse(const char *s, alpha_expr *out, char *err, size_t err_cap);
/* One random change that keeps the tree valid: swap a basis function, add a term, gate a
   subtree (mul(e, sigmoid(x)) or tanh), perturb or insert a scale, prune a subtree, swap
   add/mul. rng is any nonzero 64-bit state. Returns 1 when the tree changed. */
ALPHA_API int alpha_expr_mutate(alpha_expr *e, uint64_t *rng);
/* A random subtree of a replaced by a random subtree of b, within the bounds (a copy of a when
   no swap fits). */
ALPHA_API void alpha_expr_crossover(const alpha_expr *a, const alpha_expr *b, uint64_t *rng, alpha_expr *out);
/* A random tree of at most max_nodes nodes (within the bounds). */
ALPHA_API alpha_expr alpha_expr_random(uint64_t *rng, int max_nodes);
/* The search's random numbers (splitmix64): uniform 64-bit, and uniform in [0, n). */
ALPHA_API uint64_t alpha_symbio_rand(uint64_t *rng);
ALPHA_API int alpha_symbio_rand_int(uint64_t *rng, int n);

typedef enum alpha_symbio_kind {
    ALPHA_SYMBIO_GELU = 0, ALPHA_SYMBIO_RELU, ALPHA_SYMBIO_SILU, ALPHA_SYMBIO_MIX, ALPHA_SYMBIO_EXPR,
    ALPHA_SYMBIO_SWIGLU,       /* gated: the layer's c_fc is [C, 2F] (value, then gate) */
    ALPHA_SYMBIO_KIND_COUNT
} alpha_symbio_kind;
#define ALPHA_SYMBIO_MIX_ROWS 5     /* mix coefficients: silu, relu, gelu, x, x^2 */

typedef struct alpha_symbio_gene {
    int kind;                  /* alpha_symbio_kind */
    alpha_expr expr;           /* when kind == ALPHA_SYMBIO_EXPR */
} alpha_symbio_gene;

/* n_layers = 1: one gene shared by every layer; otherwise one gene per layer. */
typedef struct alpha_symbio_genome {
    int n_layers;
    alpha_symbio_gene layer[ALPHA_SYMBIO_MAX_LAYERS];
} alpha_symbio_genome;

/* "gelu" when shared, "L0=swiglu L1=add(x, relu(x))" per layer (kinds by name: gelu, relu, silu,
   swiglu, mix; an expression as alpha_expr_to_string writes it). */
ALPHA_API size_t alpha_symbio_genome_to_string(const alpha_symbio_genome *g, char *buf, size_t cap);
/* Parses what alpha_symbio_genome_to_string writes. err gets the reason. */
ALPHA_API alpha_result alpha_symbio_genome_parse(const char *s, alpha_symbio_genome *out, char *err, size_t err_cap);
/* Total expression nodes (the size penalty's measure). */
ALPHA_API int alpha_symbio_genome_size(const alpha_symbio_genome *g);
/* Points model at the genome: activation = ALPHA_ACT_CUSTOM with alpha_symbio_activation, the
   mix initializer and the c_fc width of each layer; the genome is the activation_user and must
   outlive every model built. */
ALPHA_API void alpha_symbio_apply(const alpha_symbio_genome *g, alpha_gpt_desc *model);
/* The custom activation, parameter initializer and c_fc width (2 for swiglu, else 1) behind
   alpha_symbio_apply (user = genome). */
ALPHA_API alpha_tensor *alpha_symbio_activation(alpha_ctx *ctx, alpha_tensor *h, alpha_tensor *param, int layer, void *user);
ALPHA_API void alpha_symbio_init(float *param, int rows, int64_t F, int layer, void *user);
ALPHA_API int alpha_symbio_fc_mult(int layer, void *user);
/* Mutates one gene (its expression, or its kind). Returns 1 when the genome changed. */
ALPHA_API int alpha_symbio_genome_mutate(alpha_symbio_genome *g, uint64_t *rng);
ALPHA_API void alpha_symbio_genome_crossover(const alpha_symbio_genome *a, const alpha_symbio_genome *b,
                                             uint64_t *rng, alpha_symbio_genome *out);

typedef struct alpha_symbio_candidate {
    int id, generation;
    int parent[2];             /* ids, -1 = none */
    int cached;                /* 1: same genome (and start) as an earlier candidate, whose scores it copies */
    int init_from;             /* the candidate whose trained weights it started from; -1: the shared initial weights */
    int64_t total_steps;       /* training steps behind its weights: its own plus those of init_from's */
    alpha_symbio_genome genome;
    alpha_result status;       /* a failed candidate has fitness +inf */
    double train_loss;         /* mean over the last tenth of the steps */
    double val_loss, fitness, seconds;
    int expr_size;
    int n_curve;
    float curve[ALPHA_SYMBIO_CURVE];   /* mean train loss over equal runs of steps */
} alpha_symbio_candidate;

typedef struct alpha_symbio_desc {
    alpha_trainer_desc base;   /* model and training; activation fields and steps are replaced */
    int population;            /* 0 = 8 */
    int generations;           /* 0 = 3 */
    int64_t steps;             /* training steps per candidate; 0 = 50 */
    int eval_batches;          /* validation batches for the fitness; 0 = 8 */
    uint64_t seed;             /* the search's RNG (base.seed fixes weights and data); 0 = 1 */
    int shared_across_layers;  /* 1: one activation for all layers */
    /* 1: a child of generation 1 on starts from its first parent's trained weights instead of
       the shared initial weights: every parameter of the same name and shape is copied (a
       layer's mix coefficients only when that layer was a mix in the parent too); the others (a
       c_fc whose width changed to or from swiglu, coefficients new to a mix) start from the
       shared initial weights. The data stream continues where the parent's stopped; optimizer
       moments and the learning-rate schedule (warmup, decay) start afresh. Fitness then
       measures a lineage's training, not one run: see total_steps. */
    int continue_from_parent;
    double size_penalty;       /* fitness = val loss + size_penalty * expression nodes */
    int elite;                 /* best candidates kept unchanged; 0 = 1, at least 1 */
    int tournament;            /* 0 = 3 */
    double crossover_rate;     /* chance that a child comes from two parents; 0 = 0.5, <0 = never */
    int n_threads;             /* candidates trained side by side; 0 = all CPUs */
    double max_seconds;        /* time budget: no new generation starts after it; 0 = none (the
                                  result is then the same as a run with that many generations) */
    /* called in the calling thread after each generation for each of its new candidates */
    void (*on_candidate)(void *user, const alpha_symbio_candidate *c);
    void *user;
    alpha_logger logger;
} alpha_symbio_desc;

typedef struct alpha_symbio_result {
    int n_candidates;
    alpha_symbio_candidate *candidates;   /* every candidate, by id */
    int best;                  /* the winner's id (lowest fitness, earliest on ties) */
    int baseline;              /* the GELU baseline's id (0) */
    int generations;           /* completed (fewer than asked when the time budget ran out) */
} alpha_symbio_result;

ALPHA_API alpha_result alpha_symbio_run(const alpha_symbio_desc *desc, const int32_t *tokens, size_t count,
                                        alpha_symbio_result *out);
/* A trainer for genome g set up as the search starts a candidate from the shared initial
   weights (desc's model and training config, desc->steps, desc->n_threads threads), to train
   it again, e.g. for a held-out comparison. The genome must outlive the trainer. */
ALPHA_API alpha_result alpha_symbio_trainer_create(const alpha_symbio_desc *desc, const alpha_symbio_genome *g, const int32_t *tokens,
                                                   size_t count, alpha_trainer **out);
ALPHA_API void alpha_symbio_result_free(alpha_symbio_result *r);
/* One JSON object per line and candidate: id, parents, generation, genome, layers (strings),
   init_from (-1: the shared initial weights), total_steps, status, train_loss, val_loss,
   fitness, expr_size, cached, seconds, curve. */
ALPHA_API alpha_result alpha_symbio_write_jsonl(const alpha_symbio_result *r, const char *path);
/* A short human report (winner, baseline, best per generation). */
ALPHA_API void alpha_symbio_print_report(const alpha_symbio_result *r, FILE *f);
/* Lineage tree (generations left to right, edges to parents, nodes coloured by fitness) and the
   loss curves of the best `top` candidates against the baseline, as SVG files. */
ALPHA_API alpha_result alpha_symbio_lineage_svg(const alpha_symbio_result *r, const char *path);
ALPHA_API alpha_result alpha_symbio_curves_svg(const alpha_symbio_result *r, int top, const char *path);

ALPHA_EXTERN_C_END

#endif /* ALPHA_TRAIN_H */

/* ######################################################################################### */
/*                                     IMPLEMENTATION                                        */
/* ######################################################################################### */
#if (defined(ALPHA_IMPLEMENTATION) || defined(ALPHA_TRAIN_IMPLEMENTATION)) && !defined(ALPHA_TRAIN_IMPLEMENTED)
#define ALPHA_TRAIN_IMPLEMENTED

#include "alpha_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <math.h>
#include <float.h>
#include <locale.h>
#include <errno.h>
#include <time.h>
#ifdef _WIN32
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#include <io.h>
#include <direct.h>
#include <fcntl.h>
#include <sys/stat.h>
#else
#include <unistd.h>
#include <fcntl.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/time.h>
#endif

#if defined(ALPHA_MALLOC) && !defined(ALPHA_FREE)
#error "alpha_train.h: define both ALPHA_MALLOC and ALPHA_FREE, or neither"
#endif
#ifndef ALPHA_MALLOC
#define ALPHA_MALLOC(sz) malloc(sz)
#define ALPHA_FREE(p) free(p)
#endif

#if defined(__GNUC__) || defined(__clang__)
#define ALPHA__TR_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define ALPHA__TR_PRINTF(a, b)
#endif

/* =========================================================================================
   SECTION 1 (implementation): UTILITIES
   ========================================================================================= */

static void *alpha__tr_alloc(const alpha_allocator *a, size_t n) {
    if (n == 0) n = 1;
    if (a && a->alloc) return a->alloc(a->user_data, n);
    return ALPHA_MALLOC(n);
}

static void alpha__tr_free(const alpha_allocator *a, void *p) {
    if (!p) return;
    if (a && a->alloc) {
        if (a->free) a->free(a->user_data, p);
    } else {
        ALPHA_FREE(p);
    }
}

/* Grows *p (elements of size elem, capacity *cap) to hold at least need elements. */
static int alpha__tr_grow(const alpha_allocator *a, void **p, size_t *cap, size_t need, size_t elem) {
    size_t nc;
    void *q;
    if (need <= *cap) return 1;
    nc = *cap ? *cap : 16;
    while (nc < need) {
        if (nc > ((size_t)-1) / 2) return 0;
        nc *= 2;
    }
    if (nc > ((size_t)-1) / elem) return 0;
    q = alpha__tr_alloc(a, nc * elem);
    if (!q) return 0;
    if (*p && *cap) memcpy(q, *p, *cap * elem);
    alpha__tr_free(a, *p);
    *p = q;
    *cap = nc;
    return 1;
}

static void alpha__tr_copy_str(char *dst, size_t cap, const char *src) {
    size_t n;
    if (!dst || cap == 0) return;
    n = strlen(src);
    if (n >= cap) n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}

static void alpha__tr_quiet(void *user_data, alpha_log_level level, const char *message) {
    (void)user_data;
    (void)level;
    (void)message;
}

static void alpha__tr_emit(const alpha_logger *lg, alpha_log_level lvl, const char *msg) {
    if (lg && lg->func) {
        lg->func(lg->user_data, lvl, msg);
    } else if (lvl >= ALPHA_LOG_WARN) {
        fprintf(stderr, "alpha: %s: %s\n", lvl == ALPHA_LOG_WARN ? "warning" : "error", msg);
    }
}

/* Formats a message, copies it into err (and err2, e.g. an object's last-error buffer), logs it. */
static void alpha__tr_vreport(const alpha_logger *lg, alpha_log_level lvl, char *err, size_t cap,
                              char *err2, size_t cap2, const char *fmt, va_list ap) {
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    alpha__tr_copy_str(err, cap, msg);
    alpha__tr_copy_str(err2, cap2, msg);
    alpha__tr_emit(lg, lvl, msg);
}

static void alpha__tr_report(const alpha_logger *lg, alpha_log_level lvl, char *err, size_t cap,
                             char *err2, size_t cap2, const char *fmt, ...) ALPHA__TR_PRINTF(7, 8);
static void alpha__tr_report(const alpha_logger *lg, alpha_log_level lvl, char *err, size_t cap,
                             char *err2, size_t cap2, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    alpha__tr_vreport(lg, lvl, err, cap, err2, cap2, fmt, ap);
    va_end(ap);
}

static void alpha__tr_log(const alpha_logger *lg, alpha_log_level lvl, const char *fmt, ...) ALPHA__TR_PRINTF(3, 4);
static void alpha__tr_log(const alpha_logger *lg, alpha_log_level lvl, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    alpha__tr_vreport(lg, lvl, NULL, 0, NULL, 0, fmt, ap);
    va_end(ap);
}

/* snprintf into err only (no logging), for composing messages. */
static void alpha__tr_fmt(char *err, size_t cap, const char *fmt, ...) ALPHA__TR_PRINTF(3, 4);
static void alpha__tr_fmt(char *err, size_t cap, const char *fmt, ...) {
    va_list ap;
    if (!err || cap == 0) return;
    va_start(ap, fmt);
    vsnprintf(err, cap, fmt, ap);
    va_end(ap);
}

static char *alpha__tr_strdup(const alpha_allocator *a, const char *s) {
    size_t n = strlen(s);
    char *p = (char *)alpha__tr_alloc(a, n + 1);
    if (p) memcpy(p, s, n + 1);
    return p;
}

ALPHA_API void alpha_train_free(const alpha_allocator *allocator, void *ptr) {
    alpha__tr_free(allocator, ptr);
}

ALPHA_API double alpha_train_now(void) {
#ifdef _WIN32
    LARGE_INTEGER f, c;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&c);
    return (double)c.QuadPart / (double)f.QuadPart;
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && defined(TIME_UTC) && !defined(__APPLE__)
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
#else
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (double)tv.tv_sec + 1e-6 * (double)tv.tv_usec;
#endif
}

static int alpha__tr_is_dir(const char *path) {
#ifdef _WIN32
    struct _stat st;
    return _stat(path, &st) == 0 && (st.st_mode & _S_IFDIR);
#else
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
#endif
}

static int alpha__tr_mkdir1(const char *path) {
#ifdef _WIN32
    return _mkdir(path);
#else
    return mkdir(path, 0777);
#endif
}

ALPHA_API alpha_result alpha_train_mkdirs(const char *path, const alpha_logger *logger) {
    char buf[4096];
    size_t n, i;
    if (!path || !*path) {
        alpha__tr_log(logger, ALPHA_LOG_ERROR, "alpha_train_mkdirs: empty path");
        return ALPHA_ERR_INVALID;
    }
    n = strlen(path);
    if (n >= sizeof buf) {
        alpha__tr_log(logger, ALPHA_LOG_ERROR, "alpha_train_mkdirs: path of %lu bytes is too long",
                      (unsigned long)n);
        return ALPHA_ERR_INVALID;
    }
    memcpy(buf, path, n + 1);
    for (i = 1; i <= n; i++) {
        if (i == n || buf[i] == '/' || buf[i] == '\\') {
            char c = buf[i];
            if (i > 0 && (buf[i - 1] == '/' || buf[i - 1] == '\\')) continue; /* "a//b" */
#ifdef _WIN32
            if (i == 2 && buf[1] == ':') continue; /* "C:" */
#endif
            buf[i] = 0;
            if (!alpha__tr_is_dir(buf) && alpha__tr_mkdir1(buf) != 0 && !alpha__tr_is_dir(buf)) {
                alpha__tr_log(logger, ALPHA_LOG_ERROR, "alpha_train_mkdirs: cannot create '%s': %s",
                              buf, strerror(errno));
                return ALPHA_ERR_IO;
            }
            buf[i] = c;
        }
    }
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_train_read_file(const char *path, size_t max_size,
                                             const alpha_allocator *allocator,
                                             const alpha_logger *logger, char **out_data,
                                             size_t *out_size, char *err, size_t err_cap) {
    FILE *f;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    if (out_data) *out_data = NULL;
    if (out_size) *out_size = 0;
    if (!path || !out_data) {
        alpha__tr_report(logger, ALPHA_LOG_ERROR, err, err_cap, NULL, 0,
                         "alpha_train_read_file: NULL path or out_data");
        return ALPHA_ERR_INVALID;
    }
    if (max_size == 0) max_size = (size_t)1 << 30;
    f = fopen(path, "rb");
    if (!f) {
        alpha__tr_report(logger, ALPHA_LOG_ERROR, err, err_cap, NULL, 0,
                         "alpha_train_read_file: cannot open '%s': %s", path, strerror(errno));
        return ALPHA_ERR_IO;
    }
    for (;;) {
        size_t got;
        if (len + 65536 + 1 > cap) {
            void *p = buf;
            if (!alpha__tr_grow(allocator, &p, &cap, len + 65536 + 1, 1)) {
                alpha__tr_free(allocator, buf);
                fclose(f);
                alpha__tr_report(logger, ALPHA_LOG_ERROR, err, err_cap, NULL, 0,
                                 "alpha_train_read_file: out of memory reading '%s'", path);
                return ALPHA_ERR_OOM;
            }
            buf = (char *)p;
        }
        got = fread(buf + len, 1, 65536, f);
        len += got;
        if (len > max_size) {
            alpha__tr_free(allocator, buf);
            fclose(f);
            alpha__tr_report(logger, ALPHA_LOG_ERROR, err, err_cap, NULL, 0,
                             "alpha_train_read_file: '%s' is larger than the limit of %lu bytes",
                             path, (unsigned long)max_size);
            return ALPHA_ERR_FORMAT;
        }
        if (got < 65536) break;
    }
    if (ferror(f)) {
        alpha__tr_free(allocator, buf);
        fclose(f);
        alpha__tr_report(logger, ALPHA_LOG_ERROR, err, err_cap, NULL, 0,
                         "alpha_train_read_file: read error on '%s'", path);
        return ALPHA_ERR_IO;
    }
    fclose(f);
    buf[len] = 0;
    *out_data = buf;
    if (out_size) *out_size = len;
    return ALPHA_OK;
}

#ifdef _WIN32
#define ALPHA__TR_OPEN(p) _open((p), _O_WRONLY | _O_CREAT | _O_TRUNC | _O_BINARY, _S_IREAD | _S_IWRITE)
#define ALPHA__TR_WRITE(fd, p, n) _write((fd), (p), (unsigned)(n))
#define ALPHA__TR_FSYNC(fd) _commit(fd)
#define ALPHA__TR_CLOSE(fd) _close(fd)
#else
#define ALPHA__TR_OPEN(p) open((p), O_WRONLY | O_CREAT | O_TRUNC, 0666)
#define ALPHA__TR_WRITE(fd, p, n) write((fd), (p), (n))
#define ALPHA__TR_FSYNC(fd) fsync(fd)
#define ALPHA__TR_CLOSE(fd) close(fd)
#endif

static alpha_result alpha__af_fail(alpha_atomic_file *f, alpha_result r, const char *fmt, ...) ALPHA__TR_PRINTF(3, 4);
static alpha_result alpha__af_fail(alpha_atomic_file *f, alpha_result r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    alpha__tr_vreport(&f->logger, ALPHA_LOG_ERROR, f->error, sizeof f->error, NULL, 0, fmt, ap);
    va_end(ap);
    if (f->status == ALPHA_OK) f->status = r;
    return r;
}

ALPHA_API alpha_result alpha_atomic_file_open(alpha_atomic_file *f, const char *path,
                                              const alpha_allocator *allocator,
                                              const alpha_logger *logger) {
    size_t n;
    static const char suffix[] = ".tmp";
    if (!f) return ALPHA_ERR_INVALID;
    memset(f, 0, sizeof *f);
    f->fd = -1;
    if (allocator) f->allocator = *allocator;
    if (logger) f->logger = *logger;
    if (!path || !*path) return alpha__af_fail(f, ALPHA_ERR_INVALID, "alpha_atomic_file_open: empty path");
    n = strlen(path);
    f->path = alpha__tr_strdup(&f->allocator, path);
    f->tmp_path = (char *)alpha__tr_alloc(&f->allocator, n + sizeof suffix + 24);
    if (!f->path || !f->tmp_path) {
        alpha__tr_free(&f->allocator, f->path);
        alpha__tr_free(&f->allocator, f->tmp_path);
        f->path = f->tmp_path = NULL;
        return alpha__af_fail(f, ALPHA_ERR_OOM, "alpha_atomic_file_open: out of memory");
    }
    /* A per-call suffix is not needed for correctness (one writer per path at a time), but the
       clock keeps two processes writing the same path from sharing a temporary. */
    snprintf(f->tmp_path, n + sizeof suffix + 24, "%s%s.%lu", path, suffix,
             (unsigned long)(fmod(alpha_train_now() * 1e6, 4e9)));
    f->fd = ALPHA__TR_OPEN(f->tmp_path);
    if (f->fd < 0) {
        alpha_result r = alpha__af_fail(f, ALPHA_ERR_IO, "alpha_atomic_file_open: cannot create '%s': %s",
                                        f->tmp_path, strerror(errno));
        alpha__tr_free(&f->allocator, f->path);
        alpha__tr_free(&f->allocator, f->tmp_path);
        f->path = f->tmp_path = NULL;
        return r;
    }
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_atomic_file_write(alpha_atomic_file *f, const void *data, size_t size) {
    const char *p = (const char *)data;
    if (!f) return ALPHA_ERR_INVALID;
    if (f->status != ALPHA_OK) return f->status;
    if (f->fd < 0) return alpha__af_fail(f, ALPHA_ERR_STATE, "alpha_atomic_file_write: file is not open");
    while (size > 0) {
        size_t chunk = size > ((size_t)1 << 30) ? ((size_t)1 << 30) : size;
        long w = (long)ALPHA__TR_WRITE(f->fd, p, chunk);
        if (w <= 0) {
            if (w < 0 && errno == EINTR) continue;
            return alpha__af_fail(f, ALPHA_ERR_IO, "alpha_atomic_file_write: writing '%s' failed: %s",
                                  f->tmp_path, strerror(errno));
        }
        p += w;
        size -= (size_t)w;
    }
    return ALPHA_OK;
}

ALPHA_API void alpha_atomic_file_abort(alpha_atomic_file *f) {
    if (!f) return;
    if (f->fd >= 0) ALPHA__TR_CLOSE(f->fd);
    f->fd = -1;
    if (f->tmp_path) remove(f->tmp_path);
    alpha__tr_free(&f->allocator, f->path);
    alpha__tr_free(&f->allocator, f->tmp_path);
    f->path = f->tmp_path = NULL;
}

ALPHA_API alpha_result alpha_atomic_file_commit(alpha_atomic_file *f) {
    alpha_result r;
    if (!f) return ALPHA_ERR_INVALID;
    if (f->fd < 0 && f->status == ALPHA_OK)
        return alpha__af_fail(f, ALPHA_ERR_STATE, "alpha_atomic_file_commit: file is not open");
    if (f->status == ALPHA_OK && ALPHA__TR_FSYNC(f->fd) != 0)
        alpha__af_fail(f, ALPHA_ERR_IO, "alpha_atomic_file_commit: fsync '%s' failed: %s", f->tmp_path,
                       strerror(errno));
    if (f->fd >= 0 && ALPHA__TR_CLOSE(f->fd) != 0 && f->status == ALPHA_OK)
        alpha__af_fail(f, ALPHA_ERR_IO, "alpha_atomic_file_commit: close '%s' failed: %s", f->tmp_path,
                       strerror(errno));
    f->fd = -1;
    if (f->status == ALPHA_OK) {
#ifdef _WIN32
        if (!MoveFileExA(f->tmp_path, f->path, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
            alpha__af_fail(f, ALPHA_ERR_IO, "alpha_atomic_file_commit: cannot rename '%s' to '%s' (error %lu)",
                           f->tmp_path, f->path, (unsigned long)GetLastError());
#else
        if (rename(f->tmp_path, f->path) != 0) {
            alpha__af_fail(f, ALPHA_ERR_IO, "alpha_atomic_file_commit: cannot rename '%s' to '%s': %s",
                           f->tmp_path, f->path, strerror(errno));
        } else {
            /* make the rename itself durable: fsync the directory (best effort) */
            char dir[4096];
            const char *slash = strrchr(f->path, '/');
            size_t dn = slash ? (size_t)(slash - f->path) : 0;
            int dfd;
            if (dn == 0) {
                dir[0] = slash ? '/' : '.';
                dir[1] = 0;
            } else if (dn < sizeof dir) {
                memcpy(dir, f->path, dn);
                dir[dn] = 0;
            } else {
                dir[0] = 0;
            }
            if (dir[0]) {
                dfd = open(dir, O_RDONLY);
                if (dfd >= 0) {
                    (void)fsync(dfd);
                    close(dfd);
                }
            }
        }
#endif
    }
    r = f->status;
    if (r != ALPHA_OK && f->tmp_path) remove(f->tmp_path);
    alpha__tr_free(&f->allocator, f->path);
    alpha__tr_free(&f->allocator, f->tmp_path);
    f->path = f->tmp_path = NULL;
    return r;
}

/* SPLITMIX-style mixing, the basis of every random choice in this header. */
static uint64_t alpha__tr_mix64(uint64_t z) {
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* =========================================================================================
   SECTION 2 (implementation): JSON
   ========================================================================================= */

/* Length of the valid UTF-8 sequence at s[0..n), or 0 if it is invalid. */
static size_t alpha__tr_utf8_len(const unsigned char *s, size_t n) {
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return (n >= 2 && (s[1] & 0xC0) == 0x80) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && s[1] < 0xA0) return 0; /* overlong */
        if (c == 0xED && s[1] >= 0xA0) return 0; /* surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80) return 0;
        if (c == 0xF0 && s[1] < 0x90) return 0; /* overlong */
        if (c == 0xF4 && s[1] >= 0x90) return 0; /* > U+10FFFF */
        return 4;
    }
    return 0;
}

static int alpha__tr_utf8_valid(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        size_t k;
        if (s[i] < 0x80) { i++; continue; }
        k = alpha__tr_utf8_len(s + i, n - i);
        if (!k) return 0;
        i += k;
    }
    return 1;
}

static char alpha__tr_decimal_point(void) {
    const struct lconv *lc = localeconv();
    return (lc && lc->decimal_point && lc->decimal_point[0]) ? lc->decimal_point[0] : '.';
}

/* ---- writer ---- */

static void alpha__jw_fail(alpha_json_writer *w, alpha_result r, const char *msg) {
    if (w->status != ALPHA_OK) return;
    w->status = r;
    alpha__tr_copy_str(w->error, sizeof w->error, msg);
}

static void alpha__jw_put(alpha_json_writer *w, const char *s, size_t n) {
    if (w->status != ALPHA_OK) return;
    if (w->len + n + 1 > w->cap) {
        void *p = w->buf;
        if (w->len + n + 1 < w->len || !alpha__tr_grow(&w->allocator, &p, &w->cap, w->len + n + 1, 1)) {
            alpha__jw_fail(w, ALPHA_ERR_OOM, "alpha_json_writer: out of memory");
            return;
        }
        w->buf = (char *)p;
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    w->buf[w->len] = 0;
}

static void alpha__jw_puts(alpha_json_writer *w, const char *s) { alpha__jw_put(w, s, strlen(s)); }

static void alpha__jw_newline(alpha_json_writer *w) {
    int i;
    if (w->indent <= 0) return;
    alpha__jw_put(w, "\n", 1);
    for (i = 0; i < w->depth * w->indent; i++) alpha__jw_put(w, " ", 1);
}

/* Called before every value (and key): writes separators, checks the grammar. */
static int alpha__jw_before(alpha_json_writer *w, int is_key, const char *what) {
    char msg[160];
    if (w->status != ALPHA_OK) return 0;
    if (w->depth == 0) {
        if (is_key) {
            snprintf(msg, sizeof msg, "%s: key outside an object", what);
            alpha__jw_fail(w, ALPHA_ERR_STATE, msg);
            return 0;
        }
        if (w->done) {
            snprintf(msg, sizeof msg, "%s: a second top-level value (use alpha_json_writer_reset)", what);
            alpha__jw_fail(w, ALPHA_ERR_STATE, msg);
            return 0;
        }
        return 1;
    }
    if (w->kind[w->depth - 1] == 'o') {
        if (is_key) {
            if (w->after_key) {
                snprintf(msg, sizeof msg, "%s: key after a key without a value", what);
                alpha__jw_fail(w, ALPHA_ERR_STATE, msg);
                return 0;
            }
        } else {
            if (!w->after_key) {
                snprintf(msg, sizeof msg, "%s: value inside an object without a key", what);
                alpha__jw_fail(w, ALPHA_ERR_STATE, msg);
                return 0;
            }
            w->after_key = 0;
            return 1; /* separator written with the key */
        }
    } else if (is_key) {
        snprintf(msg, sizeof msg, "%s: key inside an array", what);
        alpha__jw_fail(w, ALPHA_ERR_STATE, msg);
        return 0;
    }
    if (w->nonempty[w->depth - 1]) alpha__jw_put(w, ",", 1);
    w->nonempty[w->depth - 1] = 1;
    alpha__jw_newline(w);
    return 1;
}

static void alpha__jw_after_value(alpha_json_writer *w) {
    if (w->depth == 0) w->done = 1;
}

ALPHA_API void alpha_json_writer_init(alpha_json_writer *w, const alpha_json_writer_desc *desc) {
    if (!w) return;
    memset(w, 0, sizeof *w);
    if (desc) {
        w->allocator = desc->allocator;
        w->indent = desc->indent < 0 ? 0 : (desc->indent > 16 ? 16 : desc->indent);
    }
}

ALPHA_API void alpha_json_writer_free(alpha_json_writer *w) {
    if (!w) return;
    alpha__tr_free(&w->allocator, w->buf);
    w->buf = NULL;
    w->len = w->cap = 0;
}

ALPHA_API void alpha_json_writer_reset(alpha_json_writer *w) {
    if (!w) return;
    w->len = 0;
    if (w->buf) w->buf[0] = 0;
    w->depth = 0;
    w->after_key = 0;
    w->done = 0;
    w->status = ALPHA_OK;
    w->error[0] = 0;
}

ALPHA_API const char *alpha_json_writer_finish(alpha_json_writer *w, size_t *out_len) {
    if (out_len) *out_len = 0;
    if (!w) return NULL;
    if (w->status == ALPHA_OK && (w->depth != 0 || !w->done))
        alpha__jw_fail(w, ALPHA_ERR_STATE,
                       w->depth ? "alpha_json_writer_finish: unclosed object or array"
                                : "alpha_json_writer_finish: no value written");
    if (w->status != ALPHA_OK) return NULL;
    if (out_len) *out_len = w->len;
    return w->buf;
}

static void alpha__jw_open(alpha_json_writer *w, char kind, const char *what) {
    if (!alpha__jw_before(w, 0, what)) return;
    if (w->depth >= ALPHA_JSON_MAX_DEPTH) {
        alpha__jw_fail(w, ALPHA_ERR_STATE, "alpha_json_writer: nesting deeper than ALPHA_JSON_MAX_DEPTH");
        return;
    }
    alpha__jw_put(w, kind == 'o' ? "{" : "[", 1);
    w->kind[w->depth] = (unsigned char)kind;
    w->nonempty[w->depth] = 0;
    w->depth++;
}

static void alpha__jw_close(alpha_json_writer *w, char kind, const char *what) {
    char msg[160];
    if (w->status != ALPHA_OK) return;
    if (w->depth == 0 || w->kind[w->depth - 1] != (unsigned char)kind) {
        snprintf(msg, sizeof msg, "%s: no open %s", what, kind == 'o' ? "object" : "array");
        alpha__jw_fail(w, ALPHA_ERR_STATE, msg);
        return;
    }
    if (w->after_key) {
        snprintf(msg, sizeof msg, "%s: key without a value", what);
        alpha__jw_fail(w, ALPHA_ERR_STATE, msg);
        return;
    }
    w->depth--;
    if (w->nonempty[w->depth]) alpha__jw_newline(w);
    alpha__jw_put(w, kind == 'o' ? "}" : "]", 1);
    alpha__jw_after_value(w);
}

ALPHA_API void alpha_json_object_begin(alpha_json_writer *w) { if (w) alpha__jw_open(w, 'o', "alpha_json_object_begin"); }
ALPHA_API void alpha_json_object_end(alpha_json_writer *w) { if (w) alpha__jw_close(w, 'o', "alpha_json_object_end"); }
ALPHA_API void alpha_json_array_begin(alpha_json_writer *w) { if (w) alpha__jw_open(w, 'a', "alpha_json_array_begin"); }
ALPHA_API void alpha_json_array_end(alpha_json_writer *w) { if (w) alpha__jw_close(w, 'a', "alpha_json_array_end"); }

static void alpha__jw_quoted(alpha_json_writer *w, const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0;
    alpha__jw_put(w, "\"", 1);
    while (i < n) {
        unsigned char c = p[i];
        const char *esc = NULL;
        char ubuf[8];
        size_t k;
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) { i++; run++; continue; }
        if (c >= 0x80) {
            k = alpha__tr_utf8_len(p + i, n - i);
            if (k) { i += k; run += k; continue; }
        }
        alpha__jw_put(w, (const char *)p + i - run, run);
        run = 0;
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        default:
            if (c < 0x20) {
                snprintf(ubuf, sizeof ubuf, "\\u%04x", (unsigned)c);
                esc = ubuf;
            } else {
                esc = "\xEF\xBF\xBD"; /* invalid UTF-8 byte -> U+FFFD */
            }
        }
        alpha__jw_puts(w, esc);
        i++;
    }
    alpha__jw_put(w, (const char *)p + i - run, run);
    alpha__jw_put(w, "\"", 1);
}

ALPHA_API void alpha_json_key(alpha_json_writer *w, const char *key) {
    if (!w) return;
    if (!key) { alpha__jw_fail(w, ALPHA_ERR_INVALID, "alpha_json_key: NULL key"); return; }
    if (!alpha__jw_before(w, 1, "alpha_json_key")) return;
    alpha__jw_quoted(w, key, strlen(key));
    alpha__jw_put(w, w->indent > 0 ? ": " : ":", w->indent > 0 ? 2 : 1);
    w->after_key = 1;
}

ALPHA_API void alpha_json_write_string_n(alpha_json_writer *w, const char *s, size_t n) {
    if (!w) return;
    if (!s && n) { alpha__jw_fail(w, ALPHA_ERR_INVALID, "alpha_json_write_string_n: NULL string"); return; }
    if (!alpha__jw_before(w, 0, "alpha_json_write_string")) return;
    alpha__jw_quoted(w, s ? s : "", n);
    alpha__jw_after_value(w);
}

ALPHA_API void alpha_json_write_string(alpha_json_writer *w, const char *s) {
    if (!w) return;
    if (!s) { alpha_json_write_null(w); return; }
    alpha_json_write_string_n(w, s, strlen(s));
}

ALPHA_API void alpha_json_write_bytes(alpha_json_writer *w, const void *data, size_t n) {
    const unsigned char *p = (const unsigned char *)data;
    size_t i;
    if (!w) return;
    if (!p && n) { alpha__jw_fail(w, ALPHA_ERR_INVALID, "alpha_json_write_bytes: NULL data"); return; }
    if (n == 0 || alpha__tr_utf8_valid(p, n)) {
        alpha_json_write_string_n(w, (const char *)p, n);
        return;
    }
    alpha_json_array_begin(w);
    for (i = 0; i < n; i++) {
        char num[8];
        if (w->status != ALPHA_OK) return;
        /* compact: no newline per byte even when pretty-printing */
        if (i) alpha__jw_put(w, ",", 1);
        snprintf(num, sizeof num, "%u", (unsigned)p[i]);
        alpha__jw_puts(w, num);
    }
    alpha_json_array_end(w);
}

/* Formats a finite number with '.' as decimal point whatever the locale. */
static void alpha__jw_number_text(char *buf, size_t cap, double v, int is_float) {
    int prec;
    char dp = alpha__tr_decimal_point();
    for (prec = is_float ? 6 : 15; prec <= (is_float ? 9 : 17); prec++) {
        snprintf(buf, cap, "%.*g", prec, v);
        if (is_float) {
            if ((float)strtod(buf, NULL) == (float)v) break;
        } else if (strtod(buf, NULL) == v) {
            break;
        }
    }
    if (dp != '.') {
        char *c;
        for (c = buf; *c; c++) if (*c == dp) *c = '.';
    }
}

ALPHA_API void alpha_json_write_double(alpha_json_writer *w, double v) {
    char buf[48];
    if (!w) return;
    if (v != v || v - v != 0) { alpha_json_write_null(w); return; }
    if (!alpha__jw_before(w, 0, "alpha_json_write_double")) return;
    alpha__jw_number_text(buf, sizeof buf, v, 0);
    alpha__jw_puts(w, buf);
    alpha__jw_after_value(w);
}

ALPHA_API void alpha_json_write_float(alpha_json_writer *w, float v) {
    char buf[48];
    if (!w) return;
    if (v != v || v - v != 0) { alpha_json_write_null(w); return; }
    if (!alpha__jw_before(w, 0, "alpha_json_write_float")) return;
    alpha__jw_number_text(buf, sizeof buf, (double)v, 1);
    alpha__jw_puts(w, buf);
    alpha__jw_after_value(w);
}

ALPHA_API void alpha_json_write_int(alpha_json_writer *w, int64_t v) {
    char buf[32];
    if (!w) return;
    if (!alpha__jw_before(w, 0, "alpha_json_write_int")) return;
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    alpha__jw_puts(w, buf);
    alpha__jw_after_value(w);
}

ALPHA_API void alpha_json_write_bool(alpha_json_writer *w, int v) {
    if (!w) return;
    if (!alpha__jw_before(w, 0, "alpha_json_write_bool")) return;
    alpha__jw_puts(w, v ? "true" : "false");
    alpha__jw_after_value(w);
}

ALPHA_API void alpha_json_write_null(alpha_json_writer *w) {
    if (!w) return;
    if (!alpha__jw_before(w, 0, "alpha_json_write_null")) return;
    alpha__jw_puts(w, "null");
    alpha__jw_after_value(w);
}

static void alpha__jw_value(alpha_json_writer *w, const alpha_json *v, int depth) {
    size_t i;
    if (depth > ALPHA_JSON_MAX_DEPTH) {
        alpha__jw_fail(w, ALPHA_ERR_STATE, "alpha_json_write_value: nesting deeper than ALPHA_JSON_MAX_DEPTH");
        return;
    }
    switch (v->type) {
    case ALPHA_JSON_NULL: alpha_json_write_null(w); break;
    case ALPHA_JSON_BOOL: alpha_json_write_bool(w, v->boolean); break;
    case ALPHA_JSON_NUMBER:
        if (v->is_int) alpha_json_write_int(w, v->integer);
        else alpha_json_write_double(w, v->number);
        break;
    case ALPHA_JSON_STRING: alpha_json_write_string_n(w, v->str, v->len); break;
    case ALPHA_JSON_ARRAY:
        alpha_json_array_begin(w);
        for (i = 0; i < v->count; i++) alpha__jw_value(w, &v->items[i], depth + 1);
        alpha_json_array_end(w);
        break;
    case ALPHA_JSON_OBJECT:
        alpha_json_object_begin(w);
        for (i = 0; i < v->count; i++) {
            if (w->status != ALPHA_OK) return;
            if (!alpha__jw_before(w, 1, "alpha_json_write_value")) return;
            alpha__jw_quoted(w, v->items[i].key ? v->items[i].key : "", v->items[i].key_len);
            alpha__jw_put(w, w->indent > 0 ? ": " : ":", w->indent > 0 ? 2 : 1);
            w->after_key = 1;
            alpha__jw_value(w, &v->items[i], depth + 1);
        }
        alpha_json_object_end(w);
        break;
    }
}

ALPHA_API void alpha_json_write_value(alpha_json_writer *w, const alpha_json *v) {
    if (!w) return;
    if (!v) { alpha_json_write_null(w); return; }
    alpha__jw_value(w, v, 1);
}

ALPHA_API void alpha_json_kv_string(alpha_json_writer *w, const char *key, const char *s) { alpha_json_key(w, key); alpha_json_write_string(w, s); }
ALPHA_API void alpha_json_kv_int(alpha_json_writer *w, const char *key, int64_t v) { alpha_json_key(w, key); alpha_json_write_int(w, v); }
ALPHA_API void alpha_json_kv_double(alpha_json_writer *w, const char *key, double v) { alpha_json_key(w, key); alpha_json_write_double(w, v); }
ALPHA_API void alpha_json_kv_float(alpha_json_writer *w, const char *key, float v) { alpha_json_key(w, key); alpha_json_write_float(w, v); }
ALPHA_API void alpha_json_kv_bool(alpha_json_writer *w, const char *key, int v) { alpha_json_key(w, key); alpha_json_write_bool(w, v); }

/* ---- parser ---- */

typedef struct alpha__json_block {
    struct alpha__json_block *next;
    size_t used, cap;
    double align_; /* data follows, aligned for doubles and pointers */
} alpha__json_block;

typedef struct alpha__json_doc {
    alpha_json root; /* must stay the first member: alpha_json_free casts back */
    alpha_allocator allocator;
    alpha__json_block *blocks;
} alpha__json_doc;

typedef struct alpha__jp {
    const unsigned char *s;
    size_t n, i;
    size_t line, line_start;
    size_t max_depth;
    alpha__json_doc *doc;
    alpha_json *stack;
    size_t sp, scap;
    char msg[256];
    alpha_result rc;
} alpha__jp;

static void *alpha__json_arena(alpha__json_doc *d, size_t n) {
    alpha__json_block *b = d->blocks;
    size_t hdr = offsetof(alpha__json_block, align_);
    n = (n + 15) & ~(size_t)15;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 65536 ? n : 65536;
        alpha__json_block *nb;
        if (cap > ((size_t)-1) - hdr - 16) return NULL;
        nb = (alpha__json_block *)alpha__tr_alloc(&d->allocator, hdr + 16 + cap);
        if (!nb) return NULL;
        nb->cap = cap;
        nb->used = 0;
        /* a fresh big block goes behind the current one so its leftover space stays usable */
        if (b && n > 65536) {
            nb->next = b->next;
            b->next = nb;
            b = nb;
        } else {
            nb->next = b;
            d->blocks = nb;
            b = nb;
        }
    }
    {
        char *base = (char *)b + ((hdr + 15) & ~(size_t)15);
        void *p = base + b->used;
        b->used += n;
        return p;
    }
}

static void alpha__json_doc_free(alpha__json_doc *d) {
    alpha__json_block *b = d->blocks;
    alpha_allocator a = d->allocator;
    while (b) {
        alpha__json_block *nx = b->next;
        alpha__tr_free(&a, b);
        b = nx;
    }
    alpha__tr_free(&a, d);
}

static void alpha__jp_describe(const alpha__jp *p, char *buf, size_t cap) {
    if (p->i >= p->n) {
        snprintf(buf, cap, "end of input");
    } else {
        unsigned char c = p->s[p->i];
        if (c >= 0x21 && c < 0x7f) snprintf(buf, cap, "'%c'", (char)c);
        else if (c == ' ') snprintf(buf, cap, "' '");
        else snprintf(buf, cap, "byte 0x%02x", (unsigned)c);
    }
}

static int alpha__jp_err(alpha__jp *p, alpha_result rc, const char *fmt, ...) ALPHA__TR_PRINTF(3, 4);
static int alpha__jp_err(alpha__jp *p, alpha_result rc, const char *fmt, ...) {
    char what[200];
    va_list ap;
    if (p->rc != ALPHA_OK) return 0;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(p->msg, sizeof p->msg, "%lu:%lu: %s", (unsigned long)p->line,
             (unsigned long)(p->i - p->line_start + 1), what);
    p->rc = rc;
    return 0;
}

static int alpha__jp_oom(alpha__jp *p) { return alpha__jp_err(p, ALPHA_ERR_OOM, "out of memory"); }

static void alpha__jp_ws(alpha__jp *p) {
    while (p->i < p->n) {
        unsigned char c = p->s[p->i];
        if (c == '\n') {
            p->i++;
            p->line++;
            p->line_start = p->i;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            p->i++;
        } else {
            break;
        }
    }
}

static int alpha__jp_hex4(const unsigned char *s, unsigned *out) {
    unsigned v = 0;
    int k;
    for (k = 0; k < 4; k++) {
        unsigned c = s[k], d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if ((c | 32) >= 'a' && (c | 32) <= 'f') d = (c | 32) - 'a' + 10;
        else return 0;
        v = v * 16 + d;
    }
    *out = v;
    return 1;
}

/* Parses a string at p->i (which is '"'); stores the decoded bytes in the arena. */
static int alpha__jp_string(alpha__jp *p, const char **out, size_t *out_len) {
    size_t start = p->i + 1, j = start, span;
    char *dst;
    size_t o = 0;
    char what[32];
    /* find the closing quote to size the buffer */
    while (j < p->n && p->s[j] != '"') j += (p->s[j] == '\\') ? 2 : 1;
    if (j >= p->n) {
        p->i = p->n;
        return alpha__jp_err(p, ALPHA_ERR_FORMAT, "unterminated string");
    }
    span = j - start;
    dst = (char *)alpha__json_arena(p->doc, span + 1);
    if (!dst) return alpha__jp_oom(p);
    p->i = start;
    for (;;) {
        unsigned char c = p->s[p->i];
        if (c == '"') break;
        if (c < 0x20) {
            alpha__jp_describe(p, what, sizeof what);
            return alpha__jp_err(p, ALPHA_ERR_FORMAT, "control character %s in string (must be escaped)", what);
        }
        if (c == '\\') {
            unsigned char e = p->s[p->i + 1];
            unsigned cp, lo;
            switch (e) {
            case '"': dst[o++] = '"'; p->i += 2; continue;
            case '\\': dst[o++] = '\\'; p->i += 2; continue;
            case '/': dst[o++] = '/'; p->i += 2; continue;
            case 'b': dst[o++] = '\b'; p->i += 2; continue;
            case 'f': dst[o++] = '\f'; p->i += 2; continue;
            case 'n': dst[o++] = '\n'; p->i += 2; continue;
            case 'r': dst[o++] = '\r'; p->i += 2; continue;
            case 't': dst[o++] = '\t'; p->i += 2; continue;
            case 'u':
                if (p->i + 6 > p->n || !alpha__jp_hex4(p->s + p->i + 2, &cp))
                    return alpha__jp_err(p, ALPHA_ERR_FORMAT, "\\u must be followed by 4 hex digits");
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                    return alpha__jp_err(p, ALPHA_ERR_FORMAT, "lone low surrogate \\u%04X", cp);
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (p->i + 12 > p->n || p->s[p->i + 6] != '\\' || p->s[p->i + 7] != 'u' ||
                        !alpha__jp_hex4(p->s + p->i + 8, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                        return alpha__jp_err(p, ALPHA_ERR_FORMAT,
                                             "high surrogate \\u%04X not followed by a low surrogate", cp);
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p->i += 6;
                }
                p->i += 6;
                if (cp < 0x80) {
                    dst[o++] = (char)cp;
                } else if (cp < 0x800) {
                    dst[o++] = (char)(0xC0 | (cp >> 6));
                    dst[o++] = (char)(0x80 | (cp & 0x3F));
                } else if (cp < 0x10000) {
                    dst[o++] = (char)(0xE0 | (cp >> 12));
                    dst[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                    dst[o++] = (char)(0x80 | (cp & 0x3F));
                } else {
                    dst[o++] = (char)(0xF0 | (cp >> 18));
                    dst[o++] = (char)(0x80 | ((cp >> 12) & 0x3F));
                    dst[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                    dst[o++] = (char)(0x80 | (cp & 0x3F));
                }
                continue;
            default:
                p->i++;
                alpha__jp_describe(p, what, sizeof what);
                return alpha__jp_err(p, ALPHA_ERR_FORMAT, "invalid escape \\%s in string", what);
            }
        }
        if (c < 0x80) {
            dst[o++] = (char)c;
            p->i++;
        } else {
            size_t k = alpha__tr_utf8_len(p->s + p->i, j - p->i);
            if (!k) return alpha__jp_err(p, ALPHA_ERR_FORMAT, "invalid UTF-8 byte 0x%02x in string", (unsigned)c);
            memcpy(dst + o, p->s + p->i, k);
            o += k;
            p->i += k;
        }
    }
    dst[o] = 0;
    p->i++; /* closing quote */
    *out = dst;
    *out_len = o;
    return 1;
}

static int alpha__jp_number(alpha__jp *p, alpha_json *v) {
    size_t st = p->i, k;
    int is_int = 1, neg = 0;
    char small[64];
    char *buf;
    double d;
    const unsigned char *s = p->s;
    size_t n = p->n;
    if (p->i < n && s[p->i] == '-') { neg = 1; p->i++; }
    if (p->i >= n || s[p->i] < '0' || s[p->i] > '9')
        return alpha__jp_err(p, ALPHA_ERR_FORMAT, "expected a digit in number");
    if (s[p->i] == '0') {
        p->i++;
        if (p->i < n && s[p->i] >= '0' && s[p->i] <= '9')
            return alpha__jp_err(p, ALPHA_ERR_FORMAT, "leading zero in number");
    } else {
        while (p->i < n && s[p->i] >= '0' && s[p->i] <= '9') p->i++;
    }
    if (p->i < n && s[p->i] == '.') {
        is_int = 0;
        p->i++;
        if (p->i >= n || s[p->i] < '0' || s[p->i] > '9')
            return alpha__jp_err(p, ALPHA_ERR_FORMAT, "expected a digit after '.' in number");
        while (p->i < n && s[p->i] >= '0' && s[p->i] <= '9') p->i++;
    }
    if (p->i < n && (s[p->i] == 'e' || s[p->i] == 'E')) {
        is_int = 0;
        p->i++;
        if (p->i < n && (s[p->i] == '+' || s[p->i] == '-')) p->i++;
        if (p->i >= n || s[p->i] < '0' || s[p->i] > '9')
            return alpha__jp_err(p, ALPHA_ERR_FORMAT, "expected a digit in number exponent");
        while (p->i < n && s[p->i] >= '0' && s[p->i] <= '9') p->i++;
    }
    k = p->i - st;
    buf = small;
    if (k + 1 > sizeof small) {
        buf = (char *)alpha__json_arena(p->doc, k + 1);
        if (!buf) return alpha__jp_oom(p);
    }
    memcpy(buf, s + st, k);
    buf[k] = 0;
    v->type = ALPHA_JSON_NUMBER;
    v->is_int = 0;
    if (is_int) {
        /* exact int64 when it fits */
        uint64_t acc = 0, lim = neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
        size_t q;
        int fits = 1;
        for (q = (size_t)neg; q < k; q++) {
            unsigned dgt = (unsigned)(buf[q] - '0');
            if (acc > (lim - dgt) / 10) { fits = 0; break; }
            acc = acc * 10 + dgt;
        }
        if (fits) {
            v->is_int = 1;
            v->integer = neg ? (acc == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)acc) : (int64_t)acc;
        }
    }
    {
        char dp = alpha__tr_decimal_point();
        if (dp != '.') {
            char *c;
            for (c = buf; *c; c++) if (*c == '.') *c = dp;
        }
    }
    d = strtod(buf, NULL);
    if (d - d != 0) {
        p->i = st;
        return alpha__jp_err(p, ALPHA_ERR_FORMAT, "number out of range");
    }
    v->number = d;
    return 1;
}

static int alpha__jp_push(alpha__jp *p, const alpha_json *v) {
    if (p->sp == p->scap) {
        void *q = p->stack;
        if (!alpha__tr_grow(&p->doc->allocator, &q, &p->scap, p->sp + 1, sizeof(alpha_json))) return alpha__jp_oom(p);
        p->stack = (alpha_json *)q;
    }
    p->stack[p->sp++] = *v;
    return 1;
}

static int alpha__jp_keycmp(const void *a, const void *b) {
    const alpha_json *x = *(const alpha_json *const *)a, *y = *(const alpha_json *const *)b;
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int c = memcmp(x->key, y->key, n);
    if (c) return c;
    return x->key_len < y->key_len ? -1 : (x->key_len > y->key_len ? 1 : 0);
}

/* Moves stack[base..sp) into an arena array owned by v. For objects checks duplicate keys. */
static int alpha__jp_collect(alpha__jp *p, alpha_json *v, size_t base) {
    size_t cnt = p->sp - base, i;
    v->count = cnt;
    v->items = NULL;
    if (cnt == 0) return 1;
    if (cnt > ((size_t)-1) / sizeof(alpha_json)) return alpha__jp_oom(p);
    v->items = (alpha_json *)alpha__json_arena(p->doc, cnt * sizeof(alpha_json));
    if (!v->items) return alpha__jp_oom(p);
    memcpy(v->items, p->stack + base, cnt * sizeof(alpha_json));
    p->sp = base;
    if (v->type == ALPHA_JSON_OBJECT && cnt > 1) {
        const alpha_json *dup = NULL;
        if (cnt <= 16) {
            size_t j;
            for (i = 0; i < cnt && !dup; i++)
                for (j = i + 1; j < cnt && !dup; j++)
                    if (v->items[i].key_len == v->items[j].key_len &&
                        memcmp(v->items[i].key, v->items[j].key, v->items[i].key_len) == 0)
                        dup = &v->items[j];
        } else {
            const alpha_json **idx = (const alpha_json **)alpha__tr_alloc(&p->doc->allocator, cnt * sizeof *idx);
            if (!idx) return alpha__jp_oom(p);
            for (i = 0; i < cnt; i++) idx[i] = &v->items[i];
            qsort((void *)idx, cnt, sizeof *idx, alpha__jp_keycmp);
            for (i = 1; i < cnt && !dup; i++)
                if (alpha__jp_keycmp(&idx[i - 1], &idx[i]) == 0)
                    dup = idx[i - 1] > idx[i] ? idx[i - 1] : idx[i];
            alpha__tr_free(&p->doc->allocator, (void *)idx);
        }
        if (dup) {
            char msg[200];
            snprintf(msg, sizeof msg, "%lu:%lu: duplicate key \"%.60s\"", (unsigned long)dup->line,
                     (unsigned long)dup->col, dup->key);
            if (p->rc == ALPHA_OK) {
                /* point at the value of the later duplicate: keys are just before it */
                alpha__tr_copy_str(p->msg, sizeof p->msg, msg);
                p->rc = ALPHA_ERR_FORMAT;
            }
            return 0;
        }
    }
    return 1;
}

static int alpha__jp_value(alpha__jp *p, alpha_json *v, size_t depth) {
    char what[32];
    alpha__jp_ws(p);
    memset(v, 0, sizeof *v);
    v->line = (uint32_t)(p->line > 0xFFFFFFFFu ? 0xFFFFFFFFu : p->line);
    v->col = (uint32_t)((p->i - p->line_start + 1) > 0xFFFFFFFFu ? 0xFFFFFFFFu : (p->i - p->line_start + 1));
    if (p->i >= p->n) return alpha__jp_err(p, ALPHA_ERR_FORMAT, "unexpected end of input, expected a value");
    switch (p->s[p->i]) {
    case '{': {
        size_t base = p->sp;
        if (depth >= p->max_depth)
            return alpha__jp_err(p, ALPHA_ERR_FORMAT, "nesting deeper than %lu", (unsigned long)p->max_depth);
        v->type = ALPHA_JSON_OBJECT;
        p->i++;
        alpha__jp_ws(p);
        if (p->i < p->n && p->s[p->i] == '}') { p->i++; return 1; }
        for (;;) {
            alpha_json child;
            const char *key;
            size_t key_len;
            alpha__jp_ws(p);
            if (p->i >= p->n || p->s[p->i] != '"') {
                alpha__jp_describe(p, what, sizeof what);
                return alpha__jp_err(p, ALPHA_ERR_FORMAT, "expected a string key, got %s", what);
            }
            if (!alpha__jp_string(p, &key, &key_len)) return 0;
            alpha__jp_ws(p);
            if (p->i >= p->n || p->s[p->i] != ':') {
                alpha__jp_describe(p, what, sizeof what);
                return alpha__jp_err(p, ALPHA_ERR_FORMAT, "expected ':' after object key, got %s", what);
            }
            p->i++;
            if (!alpha__jp_value(p, &child, depth + 1)) return 0;
            child.key = key;
            child.key_len = key_len;
            if (!alpha__jp_push(p, &child)) return 0;
            alpha__jp_ws(p);
            if (p->i < p->n && p->s[p->i] == ',') {
                p->i++;
                alpha__jp_ws(p);
                if (p->i < p->n && p->s[p->i] == '}') return alpha__jp_err(p, ALPHA_ERR_FORMAT, "trailing comma in object");
                continue;
            }
            if (p->i < p->n && p->s[p->i] == '}') { p->i++; break; }
            alpha__jp_describe(p, what, sizeof what);
            return alpha__jp_err(p, ALPHA_ERR_FORMAT, "expected ',' or '}' in object, got %s", what);
        }
        return alpha__jp_collect(p, v, base);
    }
    case '[': {
        size_t base = p->sp;
        if (depth >= p->max_depth)
            return alpha__jp_err(p, ALPHA_ERR_FORMAT, "nesting deeper than %lu", (unsigned long)p->max_depth);
        v->type = ALPHA_JSON_ARRAY;
        p->i++;
        alpha__jp_ws(p);
        if (p->i < p->n && p->s[p->i] == ']') { p->i++; return 1; }
        for (;;) {
            alpha_json child;
            if (!alpha__jp_value(p, &child, depth + 1)) return 0;
            if (!alpha__jp_push(p, &child)) return 0;
            alpha__jp_ws(p);
            if (p->i < p->n && p->s[p->i] == ',') {
                p->i++;
                alpha__jp_ws(p);
                if (p->i < p->n && p->s[p->i] == ']') return alpha__jp_err(p, ALPHA_ERR_FORMAT, "trailing comma in array");
                continue;
            }
            if (p->i < p->n && p->s[p->i] == ']') { p->i++; break; }
            alpha__jp_describe(p, what, sizeof what);
            return alpha__jp_err(p, ALPHA_ERR_FORMAT, "expected ',' or ']' in array, got %s", what);
        }
        return alpha__jp_collect(p, v, base);
    }
    case '"':
        v->type = ALPHA_JSON_STRING;
        return alpha__jp_string(p, &v->str, &v->len);
    case 't':
        if (p->n - p->i >= 4 && memcmp(p->s + p->i, "true", 4) == 0) {
            v->type = ALPHA_JSON_BOOL; v->boolean = 1; p->i += 4; return 1;
        }
        break;
    case 'f':
        if (p->n - p->i >= 5 && memcmp(p->s + p->i, "false", 5) == 0) {
            v->type = ALPHA_JSON_BOOL; v->boolean = 0; p->i += 5; return 1;
        }
        break;
    case 'n':
        if (p->n - p->i >= 4 && memcmp(p->s + p->i, "null", 4) == 0) {
            v->type = ALPHA_JSON_NULL; p->i += 4; return 1;
        }
        break;
    default:
        if (p->s[p->i] == '-' || (p->s[p->i] >= '0' && p->s[p->i] <= '9')) return alpha__jp_number(p, v);
        break;
    }
    alpha__jp_describe(p, what, sizeof what);
    return alpha__jp_err(p, ALPHA_ERR_FORMAT, "expected a value, got %s", what);
}

/* quiet: no logging (for callers that compose their own message). */
static alpha_result alpha__json_parse(const char *text, size_t len, const alpha_json_parse_desc *desc,
                                      alpha_json **out_root, char *err, size_t err_cap, int quiet,
                                      size_t first_line) {
    alpha__jp p;
    alpha__json_doc *doc;
    alpha_allocator a;
    alpha_logger lg;
    size_t max_size;
    memset(&a, 0, sizeof a);
    memset(&lg, 0, sizeof lg);
    if (desc) { a = desc->allocator; lg = desc->logger; }
    if (out_root) *out_root = NULL;
    if (err && err_cap) err[0] = 0;
    if (!out_root || (!text && len)) {
        if (!quiet) alpha__tr_report(&lg, ALPHA_LOG_ERROR, err, err_cap, NULL, 0, "alpha_json_parse: NULL %s",
                                     out_root ? "text" : "out_root");
        else alpha__tr_fmt(err, err_cap, "NULL argument");
        return ALPHA_ERR_INVALID;
    }
    max_size = (desc && desc->max_size) ? desc->max_size : ((size_t)256 << 20);
    if (len > max_size) {
        if (!quiet) alpha__tr_report(&lg, ALPHA_LOG_ERROR, err, err_cap, NULL, 0,
                                     "alpha_json_parse: input of %lu bytes exceeds the limit of %lu",
                                     (unsigned long)len, (unsigned long)max_size);
        else alpha__tr_fmt(err, err_cap, "input of %lu bytes exceeds the limit of %lu", (unsigned long)len,
                           (unsigned long)max_size);
        return ALPHA_ERR_FORMAT;
    }
    doc = (alpha__json_doc *)alpha__tr_alloc(&a, sizeof *doc);
    if (!doc) {
        alpha__tr_fmt(err, err_cap, "out of memory");
        if (!quiet) alpha__tr_log(&lg, ALPHA_LOG_ERROR, "alpha_json_parse: out of memory");
        return ALPHA_ERR_OOM;
    }
    memset(doc, 0, sizeof *doc);
    doc->allocator = a;
    memset(&p, 0, sizeof p);
    p.s = (const unsigned char *)(text ? text : "");
    p.n = len;
    p.line = first_line;
    p.doc = doc;
    p.max_depth = (desc && desc->max_depth) ? desc->max_depth : 64;
    if (p.max_depth > 1000) p.max_depth = 1000;
    p.rc = ALPHA_OK;
    if (alpha__jp_value(&p, &doc->root, 0)) {
        alpha__jp_ws(&p);
        if (p.i < p.n) {
            char what[32];
            alpha__jp_describe(&p, what, sizeof what);
            alpha__jp_err(&p, ALPHA_ERR_FORMAT, "unexpected %s after the JSON value", what);
        }
    }
    alpha__tr_free(&a, p.stack);
    if (p.rc != ALPHA_OK) {
        alpha__json_doc_free(doc);
        alpha__tr_copy_str(err, err_cap, p.msg);
        if (!quiet) alpha__tr_log(&lg, ALPHA_LOG_ERROR, "alpha_json_parse: %s", p.msg);
        return p.rc;
    }
    *out_root = &doc->root;
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_json_parse(const char *text, size_t len, const alpha_json_parse_desc *desc,
                                        alpha_json **out_root, char *err, size_t err_cap) {
    return alpha__json_parse(text, len, desc, out_root, err, err_cap, 0, 1);
}

ALPHA_API void alpha_json_free(alpha_json *root) {
    if (root) alpha__json_doc_free((alpha__json_doc *)(void *)root);
}

ALPHA_API const char *alpha_json_type_name(alpha_json_type type) {
    switch (type) {
    case ALPHA_JSON_NULL: return "null";
    case ALPHA_JSON_BOOL: return "boolean";
    case ALPHA_JSON_NUMBER: return "number";
    case ALPHA_JSON_STRING: return "string";
    case ALPHA_JSON_ARRAY: return "array";
    case ALPHA_JSON_OBJECT: return "object";
    }
    return "?";
}

static const alpha_json *alpha__json_getn(const alpha_json *obj, const char *key, size_t kn) {
    size_t i;
    if (!obj || obj->type != ALPHA_JSON_OBJECT || !key) return NULL;
    for (i = 0; i < obj->count; i++)
        if (obj->items[i].key_len == kn && memcmp(obj->items[i].key, key, kn) == 0) return &obj->items[i];
    return NULL;
}

ALPHA_API const alpha_json *alpha_json_get(const alpha_json *obj, const char *key) {
    return key ? alpha__json_getn(obj, key, strlen(key)) : NULL;
}

ALPHA_API const alpha_json *alpha_json_at(const alpha_json *v, size_t i) {
    if (!v || (v->type != ALPHA_JSON_ARRAY && v->type != ALPHA_JSON_OBJECT) || i >= v->count) return NULL;
    return &v->items[i];
}

ALPHA_API size_t alpha_json_count(const alpha_json *v) {
    return (v && (v->type == ALPHA_JSON_ARRAY || v->type == ALPHA_JSON_OBJECT)) ? v->count : 0;
}

ALPHA_API const alpha_json *alpha_json_find(const alpha_json *root, const char *path) {
    const alpha_json *v = root;
    const char *s = path;
    if (!path) return NULL;
    while (v && *s) {
        const char *e = strchr(s, '.');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (v->type == ALPHA_JSON_ARRAY) {
            size_t idx = 0, k;
            if (n == 0 || n > 18) return NULL;
            for (k = 0; k < n; k++) {
                if (s[k] < '0' || s[k] > '9') return NULL;
                idx = idx * 10 + (size_t)(s[k] - '0');
            }
            v = alpha_json_at(v, idx);
        } else {
            v = alpha__json_getn(v, s, n);
        }
        if (!e) break;
        s = e + 1;
    }
    return v;
}

ALPHA_API double alpha_json_as_double(const alpha_json *v, double fallback) {
    return (v && v->type == ALPHA_JSON_NUMBER) ? v->number : fallback;
}

ALPHA_API int64_t alpha_json_as_int(const alpha_json *v, int64_t fallback) {
    if (!v || v->type != ALPHA_JSON_NUMBER) return fallback;
    if (v->is_int) return v->integer;
    if (v->number == floor(v->number) && v->number >= -9223372036854775808.0 && v->number < 9223372036854775808.0)
        return (int64_t)v->number;
    return fallback;
}

ALPHA_API const char *alpha_json_as_string(const alpha_json *v, const char *fallback) {
    return (v && v->type == ALPHA_JSON_STRING) ? v->str : fallback;
}

ALPHA_API int alpha_json_as_bool(const alpha_json *v, int fallback) {
    return (v && v->type == ALPHA_JSON_BOOL) ? v->boolean : fallback;
}

/* Finds a member for the checked getters, or writes "line:col: missing key 'k'". */
static const alpha_json *alpha__json_member(const alpha_json *obj, const char *key, char *err, size_t cap) {
    const alpha_json *v;
    if (!obj || obj->type != ALPHA_JSON_OBJECT) {
        if (obj) alpha__tr_fmt(err, cap, "%u:%u: expected an object holding '%s', got %s", (unsigned)obj->line,
                               (unsigned)obj->col, key ? key : "", alpha_json_type_name(obj->type));
        else alpha__tr_fmt(err, cap, "missing object holding '%s'", key ? key : "");
        return NULL;
    }
    v = alpha_json_get(obj, key);
    if (!v) alpha__tr_fmt(err, cap, "%u:%u: missing key '%s' in object", (unsigned)obj->line, (unsigned)obj->col,
                          key ? key : "");
    return v;
}

static void alpha__json_describe_value(const alpha_json *v, char *buf, size_t cap) {
    if (v->type == ALPHA_JSON_NUMBER) {
        if (v->is_int) snprintf(buf, cap, "%lld", (long long)v->integer);
        else snprintf(buf, cap, "%.17g", v->number);
    } else if (v->type == ALPHA_JSON_STRING) {
        snprintf(buf, cap, "string \"%.40s\"", v->str);
    } else {
        snprintf(buf, cap, "%s", alpha_json_type_name(v->type));
    }
}

ALPHA_API alpha_result alpha_json_get_int(const alpha_json *obj, const char *key, int64_t lo, int64_t hi,
                                          int64_t *out, char *err, size_t err_cap) {
    const alpha_json *v = alpha__json_member(obj, key, err, err_cap);
    char got[80];
    int ok;
    if (!v) return ALPHA_ERR_FORMAT;
    ok = v->type == ALPHA_JSON_NUMBER && (v->is_int || (v->number == floor(v->number) &&
                                                        fabs(v->number) < 9007199254740992.0));
    if (ok) {
        int64_t x = v->is_int ? v->integer : (int64_t)v->number;
        if (x >= lo && x <= hi) {
            if (out) *out = x;
            return ALPHA_OK;
        }
    }
    alpha__json_describe_value(v, got, sizeof got);
    alpha__tr_fmt(err, err_cap, "%u:%u: '%s': expected an integer in [%lld, %lld], got %s", (unsigned)v->line,
                  (unsigned)v->col, key, (long long)lo, (long long)hi, got);
    return ALPHA_ERR_FORMAT;
}

ALPHA_API alpha_result alpha_json_get_double(const alpha_json *obj, const char *key, double *out, char *err,
                                             size_t err_cap) {
    const alpha_json *v = alpha__json_member(obj, key, err, err_cap);
    char got[80];
    if (!v) return ALPHA_ERR_FORMAT;
    if (v->type == ALPHA_JSON_NUMBER) {
        if (out) *out = v->number;
        return ALPHA_OK;
    }
    alpha__json_describe_value(v, got, sizeof got);
    alpha__tr_fmt(err, err_cap, "%u:%u: '%s': expected a number, got %s", (unsigned)v->line, (unsigned)v->col,
                  key, got);
    return ALPHA_ERR_FORMAT;
}

ALPHA_API alpha_result alpha_json_get_bool(const alpha_json *obj, const char *key, int *out, char *err,
                                           size_t err_cap) {
    const alpha_json *v = alpha__json_member(obj, key, err, err_cap);
    char got[80];
    if (!v) return ALPHA_ERR_FORMAT;
    if (v->type == ALPHA_JSON_BOOL) {
        if (out) *out = v->boolean;
        return ALPHA_OK;
    }
    alpha__json_describe_value(v, got, sizeof got);
    alpha__tr_fmt(err, err_cap, "%u:%u: '%s': expected true or false, got %s", (unsigned)v->line,
                  (unsigned)v->col, key, got);
    return ALPHA_ERR_FORMAT;
}

ALPHA_API alpha_result alpha_json_get_string(const alpha_json *obj, const char *key, const char **out,
                                             size_t *out_len, char *err, size_t err_cap) {
    const alpha_json *v = alpha__json_member(obj, key, err, err_cap);
    char got[80];
    if (!v) return ALPHA_ERR_FORMAT;
    if (v->type == ALPHA_JSON_STRING) {
        if (out) *out = v->str;
        if (out_len) *out_len = v->len;
        return ALPHA_OK;
    }
    alpha__json_describe_value(v, got, sizeof got);
    alpha__tr_fmt(err, err_cap, "%u:%u: '%s': expected a string, got %s", (unsigned)v->line, (unsigned)v->col,
                  key, got);
    return ALPHA_ERR_FORMAT;
}

ALPHA_API alpha_result alpha_json_get_typed(const alpha_json *obj, const char *key, alpha_json_type type,
                                            const alpha_json **out, char *err, size_t err_cap) {
    const alpha_json *v = alpha__json_member(obj, key, err, err_cap);
    char got[80];
    if (!v) return ALPHA_ERR_FORMAT;
    if (v->type == type) {
        if (out) *out = v;
        return ALPHA_OK;
    }
    alpha__json_describe_value(v, got, sizeof got);
    alpha__tr_fmt(err, err_cap, "%u:%u: '%s': expected %s %s, got %s", (unsigned)v->line, (unsigned)v->col, key,
                  type == ALPHA_JSON_ARRAY || type == ALPHA_JSON_OBJECT ? "an" : "a", alpha_json_type_name(type), got);
    return ALPHA_ERR_FORMAT;
}

ALPHA_API alpha_result alpha_json_bytes(const alpha_json *v, void *out, size_t cap, size_t *out_len) {
    unsigned char *o = (unsigned char *)out;
    size_t i;
    if (out_len) *out_len = 0;
    if (!v) return ALPHA_ERR_FORMAT;
    if (v->type == ALPHA_JSON_STRING) {
        if (o) memcpy(o, v->str, v->len < cap ? v->len : cap);
        if (out_len) *out_len = v->len;
        return ALPHA_OK;
    }
    if (v->type != ALPHA_JSON_ARRAY) return ALPHA_ERR_FORMAT;
    for (i = 0; i < v->count; i++) {
        const alpha_json *e = &v->items[i];
        if (e->type != ALPHA_JSON_NUMBER || !e->is_int || e->integer < 0 || e->integer > 255) return ALPHA_ERR_FORMAT;
    }
    for (i = 0; i < v->count && o && i < cap; i++) o[i] = (unsigned char)v->items[i].integer;
    if (out_len) *out_len = v->count;
    return ALPHA_OK;
}

/* =========================================================================================
   SECTION 3 (implementation): TOKENIZERS
   ========================================================================================= */

/* ---- hash maps used by the tokenizers ---- */

static uint64_t alpha__tr_hash(const unsigned char *p, size_t n) {
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (uint64_t)n, k;
    while (n >= 8) {
        memcpy(&k, p, 8);
        h = (h ^ k) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
        p += 8;
        n -= 8;
    }
    k = 0;
    if (n) memcpy(&k, p, n);
    return alpha__tr_mix64(h ^ k);
}

/* byte string -> int64 value; keys are borrowed (must stay valid while the map is used). */
typedef struct alpha__tr_strent {
    const unsigned char *p;
    uint32_t len;
    uint32_t hash;
    int64_t val;
} alpha__tr_strent;

typedef struct alpha__tr_strmap {
    alpha__tr_strent *ents;
    size_t n, entcap;
    uint32_t *slots; /* entry index + 1; 0 = empty */
    size_t cap;      /* power of two */
} alpha__tr_strmap;

static void alpha__sm_free(const alpha_allocator *a, alpha__tr_strmap *m) {
    alpha__tr_free(a, m->ents);
    alpha__tr_free(a, m->slots);
    memset(m, 0, sizeof *m);
}

static int alpha__sm_rehash(const alpha_allocator *a, alpha__tr_strmap *m, size_t cap) {
    uint32_t *s = (uint32_t *)alpha__tr_alloc(a, cap * sizeof(uint32_t));
    size_t i;
    if (!s) return 0;
    memset(s, 0, cap * sizeof(uint32_t));
    for (i = 0; i < m->n; i++) {
        size_t h = m->ents[i].hash & (cap - 1);
        while (s[h]) h = (h + 1) & (cap - 1);
        s[h] = (uint32_t)(i + 1);
    }
    alpha__tr_free(a, m->slots);
    m->slots = s;
    m->cap = cap;
    return 1;
}

/* Returns the entry index for the key, inserting it with val 0 if absent; -1 on OOM. */
static long alpha__sm_upsert(const alpha_allocator *a, alpha__tr_strmap *m, const unsigned char *p, size_t len,
                             int insert) {
    uint32_t hash = (uint32_t)alpha__tr_hash(p, len);
    size_t h;
    if (m->cap == 0 || (m->n + 1) * 2 > m->cap) {
        if (!insert && m->cap == 0) return -1;
        if (insert && !alpha__sm_rehash(a, m, m->cap ? m->cap * 2 : 1024)) return -2;
    }
    h = hash & (m->cap - 1);
    while (m->slots[h]) {
        const alpha__tr_strent *e = &m->ents[m->slots[h] - 1];
        if (e->hash == hash && e->len == len && memcmp(e->p, p, len) == 0) return (long)(m->slots[h] - 1);
        h = (h + 1) & (m->cap - 1);
    }
    if (!insert) return -1;
    if (m->n >= 0x7fffffffu) return -2;
    {
        void *q = m->ents;
        if (!alpha__tr_grow(a, &q, &m->entcap, m->n + 1, sizeof(alpha__tr_strent))) return -2;
        m->ents = (alpha__tr_strent *)q;
    }
    m->ents[m->n].p = p;
    m->ents[m->n].len = (uint32_t)len;
    m->ents[m->n].hash = hash;
    m->ents[m->n].val = 0;
    m->slots[h] = (uint32_t)(m->n + 1);
    return (long)m->n++;
}

/* uint64 pair key -> int32 value (BPE merge table). */
typedef struct alpha__tr_pairmap {
    uint64_t *keys;
    int32_t *vals;
    size_t cap, n;
} alpha__tr_pairmap;

#define ALPHA__TR_EMPTY_KEY (~(uint64_t)0)

static void alpha__pm_free(const alpha_allocator *a, alpha__tr_pairmap *m) {
    alpha__tr_free(a, m->keys);
    alpha__tr_free(a, m->vals);
    memset(m, 0, sizeof *m);
}

static int alpha__pm_init(const alpha_allocator *a, alpha__tr_pairmap *m, size_t expected) {
    size_t cap = 64, i;
    while (cap < expected * 2 + 2) cap *= 2;
    m->keys = (uint64_t *)alpha__tr_alloc(a, cap * sizeof(uint64_t));
    m->vals = (int32_t *)alpha__tr_alloc(a, cap * sizeof(int32_t));
    if (!m->keys || !m->vals) { alpha__pm_free(a, m); return 0; }
    for (i = 0; i < cap; i++) m->keys[i] = ALPHA__TR_EMPTY_KEY;
    m->cap = cap;
    m->n = 0;
    return 1;
}

static int32_t alpha__pm_get(const alpha__tr_pairmap *m, uint64_t key) {
    size_t h;
    if (!m->cap) return -1;
    h = (size_t)alpha__tr_mix64(key) & (m->cap - 1);
    while (m->keys[h] != ALPHA__TR_EMPTY_KEY) {
        if (m->keys[h] == key) return m->vals[h];
        h = (h + 1) & (m->cap - 1);
    }
    return -1;
}

/* Inserts (table sized by pm_init, never grows). Returns 0 if the key already exists. */
static int alpha__pm_put(alpha__tr_pairmap *m, uint64_t key, int32_t val) {
    size_t h = (size_t)alpha__tr_mix64(key) & (m->cap - 1);
    while (m->keys[h] != ALPHA__TR_EMPTY_KEY) {
        if (m->keys[h] == key) return 0;
        h = (h + 1) & (m->cap - 1);
    }
    m->keys[h] = key;
    m->vals[h] = val;
    m->n++;
    return 1;
}

#define ALPHA__TR_PAIR(a, b) (((uint64_t)(uint32_t)(a) << 32) | (uint64_t)(uint32_t)(b))

/* ---- the tokenizer object ---- */

struct alpha_tokenizer {
    alpha_tokenizer_kind kind;
    alpha_allocator allocator;
    alpha_logger logger;
    char error[256];
    int32_t vocab_size;
    int32_t max_chunk;
    uint32_t *tok_off, *tok_len;
    size_t tok_cap;
    unsigned char *pool;
    size_t pool_len, pool_cap;
    int32_t byte_to_id[256];       /* char */
    alpha__tr_strmap words;        /* word: piece -> id */
    int32_t *merges;               /* bpe: 2 ids per merge */
    alpha__tr_pairmap merge_map;   /* bpe: pair -> new id */
    /* encode scratch */
    int32_t *s_ids, *s_prev, *s_next;
    size_t s_cap;
    uint64_t *s_heap;
    size_t s_heapcap;
};

#define ALPHA__TOK_MAX_VOCAB (1 << 22)
#define ALPHA__WORD_MAX_PIECE 256
#define ALPHA__WORD_MAX_SPACE 16
#define ALPHA__BPE_SIMPLE_MAX 24

static alpha_result alpha__tok_fail(alpha_tokenizer *t, alpha_result r, const char *fmt, ...) ALPHA__TR_PRINTF(3, 4);
static alpha_result alpha__tok_fail(alpha_tokenizer *t, alpha_result r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    alpha__tr_vreport(&t->logger, ALPHA_LOG_ERROR, t->error, sizeof t->error, NULL, 0, fmt, ap);
    va_end(ap);
    return r;
}

static alpha_tokenizer *alpha__tok_new(const alpha_tokenizer_desc *desc, alpha_tokenizer_kind kind) {
    alpha_allocator a;
    alpha_tokenizer *t;
    int i;
    memset(&a, 0, sizeof a);
    if (desc) a = desc->allocator;
    t = (alpha_tokenizer *)alpha__tr_alloc(&a, sizeof *t);
    if (!t) return NULL;
    memset(t, 0, sizeof *t);
    t->allocator = a;
    if (desc) t->logger = desc->logger;
    t->kind = kind;
    t->max_chunk = 256;
    for (i = 0; i < 256; i++) t->byte_to_id[i] = -1;
    return t;
}

ALPHA_API void alpha_tokenizer_free(alpha_tokenizer *t) {
    alpha_allocator a;
    if (!t) return;
    a = t->allocator;
    alpha__tr_free(&a, t->tok_off);
    alpha__tr_free(&a, t->tok_len);
    alpha__tr_free(&a, t->pool);
    alpha__sm_free(&a, &t->words);
    alpha__tr_free(&a, t->merges);
    alpha__pm_free(&a, &t->merge_map);
    alpha__tr_free(&a, t->s_ids);
    alpha__tr_free(&a, t->s_prev);
    alpha__tr_free(&a, t->s_next);
    alpha__tr_free(&a, t->s_heap);
    alpha__tr_free(&a, t);
}

/* Appends a token: bytes p[0..len), or (p == NULL) the concatenation of tokens x and y. */
static int alpha__tok_add(alpha_tokenizer *t, const unsigned char *p, size_t len, int32_t x, int32_t y) {
    size_t n = (size_t)t->vocab_size;
    void *q;
    if (!p) len = (size_t)t->tok_len[x] + t->tok_len[y];
    if (len > 0xffffffffu || t->pool_len + len > 0xffffffffu) return 0;
    if (n + 1 > t->tok_cap) {
        size_t c1 = t->tok_cap, c2 = t->tok_cap;
        q = t->tok_off;
        if (!alpha__tr_grow(&t->allocator, &q, &c1, n + 1, sizeof(uint32_t))) return 0;
        t->tok_off = (uint32_t *)q;
        q = t->tok_len;
        if (!alpha__tr_grow(&t->allocator, &q, &c2, n + 1, sizeof(uint32_t))) return 0;
        t->tok_len = (uint32_t *)q;
        t->tok_cap = c1;
    }
    q = t->pool;
    if (!alpha__tr_grow(&t->allocator, &q, &t->pool_cap, t->pool_len + len + 1, 1)) return 0;
    t->pool = (unsigned char *)q;
    if (p) {
        if (len) memcpy(t->pool + t->pool_len, p, len);
    } else {
        memcpy(t->pool + t->pool_len, t->pool + t->tok_off[x], t->tok_len[x]);
        memcpy(t->pool + t->pool_len + t->tok_len[x], t->pool + t->tok_off[y], t->tok_len[y]);
    }
    t->tok_off[n] = (uint32_t)t->pool_len;
    t->tok_len[n] = (uint32_t)len;
    t->pool_len += len;
    t->vocab_size++;
    return 1;
}

/* Byte classes for pre-splitting: 0 space, 1 letter (ASCII letters and bytes >= 0x80), 2 digit, 3 other. */
static int alpha__tr_cls(unsigned char c) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f') return 0;
    if (((c | 32) >= 'a' && (c | 32) <= 'z') || c >= 0x80) return 1;
    if (c >= '0' && c <= '9') return 2;
    return 3;
}

/* End of the BPE chunk that starts at i. */
static size_t alpha__bpe_chunk_end(const unsigned char *s, size_t n, size_t i, size_t max_chunk) {
    int k = alpha__tr_cls(s[i]);
    size_t j = i + 1, end;
    while (j < n && alpha__tr_cls(s[j]) == k) j++;
    end = j;
    if (k == 0 && j < n && s[j - 1] == ' ') {
        if (j - 1 > i) {
            end = j - 1; /* the last space goes with the next chunk */
        } else {
            int k2 = alpha__tr_cls(s[j]);
            size_t j2 = j + 1;
            while (j2 < n && alpha__tr_cls(s[j2]) == k2) j2++;
            end = j2;
        }
    }
    if (end - i > max_chunk) end = i + max_chunk;
    return end;
}

/* End of the word-tokenizer piece that starts at i. */
static size_t alpha__word_piece_end(const unsigned char *s, size_t n, size_t i) {
    int k = alpha__tr_cls(s[i]);
    size_t j = i + 1, cap;
    if (k == 3) return j;
    cap = k == 0 ? ALPHA__WORD_MAX_SPACE : ALPHA__WORD_MAX_PIECE;
    if (k == 0) {
        while (j < n && j - i < cap && alpha__tr_cls(s[j]) == 0) j++;
    } else {
        while (j < n && j - i < cap && (alpha__tr_cls(s[j]) == 1 || alpha__tr_cls(s[j]) == 2)) j++;
    }
    return j;
}

static int alpha__tok_report(alpha_tokenizer_progress_fn fn, void *ud, const alpha_logger *lg,
                             const char *phase, size_t done, size_t total, double t0) {
    alpha_tokenizer_progress_info info;
    info.phase = phase;
    info.done = done;
    info.total = total;
    info.seconds = alpha_train_now() - t0;
    (void)lg;
    return fn ? fn(ud, &info) : 0;
}

/* ---- char ---- */

static alpha_result alpha__char_train(alpha_tokenizer *t, const unsigned char *s, size_t n, int32_t vocab) {
    size_t cnt[256];
    int order[256], nd = 0, i, j, keep;
    unsigned char sel[256];
    memset(cnt, 0, sizeof cnt);
    for (i = 0; (size_t)i < n; i++) cnt[s[i]]++;
    for (i = 0; i < 256; i++) if (cnt[i]) order[nd++] = i;
    if (nd == 0) return alpha__tok_fail(t, ALPHA_ERR_INVALID, "alpha_tokenizer_train: char tokenizer needs non-empty text");
    keep = (vocab <= 0 || vocab >= nd) ? nd : vocab;
    /* most frequent first (ties: smaller byte), insertion sort over <= 256 entries */
    for (i = 1; i < nd; i++) {
        int v = order[i];
        j = i - 1;
        while (j >= 0 && (cnt[order[j]] < cnt[v] || (cnt[order[j]] == cnt[v] && order[j] > v))) {
            order[j + 1] = order[j];
            j--;
        }
        order[j + 1] = v;
    }
    memset(sel, 0, sizeof sel);
    for (i = 0; i < keep; i++) sel[order[i]] = 1;
    for (i = 0; i < 256; i++) {
        if (!sel[i]) continue;
        {
            unsigned char b = (unsigned char)i;
            t->byte_to_id[i] = t->vocab_size;
            if (!alpha__tok_add(t, &b, 1, 0, 0)) return alpha__tok_fail(t, ALPHA_ERR_OOM, "alpha_tokenizer_train: out of memory");
        }
    }
    return ALPHA_OK;
}

/* ---- word ---- */

static int alpha__word_cmp_desc(const alpha__tr_strent *x, const alpha__tr_strent *y) {
    size_t m;
    int c;
    if (x->val != y->val) return x->val > y->val ? -1 : 1;
    m = x->len < y->len ? x->len : y->len;
    c = memcmp(x->p, y->p, m);
    if (c) return c;
    return x->len < y->len ? -1 : (x->len > y->len ? 1 : 0);
}

static int alpha__word_qsort_cmp(const void *a, const void *b) {
    return alpha__word_cmp_desc((const alpha__tr_strent *)a, (const alpha__tr_strent *)b);
}

static alpha_result alpha__word_build_map(alpha_tokenizer *t) {
    int32_t id;
    alpha__sm_free(&t->allocator, &t->words);
    for (id = 1; id < t->vocab_size; id++) {
        long e = alpha__sm_upsert(&t->allocator, &t->words, t->pool + t->tok_off[id], t->tok_len[id], 1);
        if (e < 0) return ALPHA_ERR_OOM;
        if (t->words.ents[e].val != 0) return ALPHA_ERR_FORMAT; /* duplicate */
        t->words.ents[e].val = id;
    }
    return ALPHA_OK;
}

static alpha_result alpha__word_train(alpha_tokenizer *t, const unsigned char *s, size_t n, int32_t vocab,
                                      int32_t min_freq, const alpha_tokenizer_desc *d, double t0) {
    alpha__tr_strmap m;
    size_t i = 0, k, next_report = 0, step = n / 100 + 1;
    alpha_result r = ALPHA_OK;
    memset(&m, 0, sizeof m);
    if (n == 0) return alpha__tok_fail(t, ALPHA_ERR_INVALID, "alpha_tokenizer_train: word tokenizer needs non-empty text");
    while (i < n) {
        size_t e = alpha__word_piece_end(s, n, i);
        long idx = alpha__sm_upsert(&t->allocator, &m, s + i, e - i, 1);
        if (idx < 0) { alpha__sm_free(&t->allocator, &m); return alpha__tok_fail(t, ALPHA_ERR_OOM, "alpha_tokenizer_train: out of memory"); }
        m.ents[idx].val++;
        i = e;
        if (i >= next_report) {
            if (alpha__tok_report(d->progress, d->progress_user_data, &t->logger, "count", i, n, t0)) {
                alpha__sm_free(&t->allocator, &m);
                return alpha__tok_fail(t, ALPHA_ERR_STATE, "alpha_tokenizer_train: cancelled by the progress callback");
            }
            next_report = i + step;
        }
    }
    qsort(m.ents, m.n, sizeof(alpha__tr_strent), alpha__word_qsort_cmp);
    if (!alpha__tok_add(t, (const unsigned char *)"<unk>", 5, 0, 0)) r = ALPHA_ERR_OOM;
    for (k = 0; k < m.n && r == ALPHA_OK && t->vocab_size < vocab; k++) {
        if (m.ents[k].val < min_freq) break;
        if (!alpha__tok_add(t, m.ents[k].p, m.ents[k].len, 0, 0)) r = ALPHA_ERR_OOM;
    }
    alpha__sm_free(&t->allocator, &m);
    if (r == ALPHA_OK) r = alpha__word_build_map(t);
    if (r != ALPHA_OK) return alpha__tok_fail(t, r, "alpha_tokenizer_train: out of memory");
    alpha__tr_log(&t->logger, ALPHA_LOG_INFO, "alpha_tokenizer_train: word vocabulary of %ld pieces (%lu distinct in text)",
                  (long)t->vocab_size, (unsigned long)k);
    return ALPHA_OK;
}

/* ---- byte-level BPE training ---- */

typedef struct alpha__bpe_pair {
    uint64_t key;
    int64_t count;
    int32_t *where; /* words that contain (or once contained) the pair */
    uint32_t wn, wcap;
    uint32_t stamp;
} alpha__bpe_pair;

typedef struct alpha__bpe_heapent {
    int64_t count;
    uint64_t key;
} alpha__bpe_heapent;

typedef struct alpha__bpe_trainer {
    const alpha_allocator *a;
    alpha__bpe_pair *pairs;
    size_t pcap, pn;
    alpha__bpe_heapent *heap;
    size_t hn, hcap;
    int oom;
} alpha__bpe_trainer;

static int alpha__bpe_rehash(alpha__bpe_trainer *b, size_t cap) {
    alpha__bpe_pair *np = (alpha__bpe_pair *)alpha__tr_alloc(b->a, cap * sizeof(alpha__bpe_pair));
    size_t i;
    if (!np) return 0;
    for (i = 0; i < cap; i++) np[i].key = ALPHA__TR_EMPTY_KEY;
    for (i = 0; i < b->pcap; i++) {
        size_t h;
        if (b->pairs[i].key == ALPHA__TR_EMPTY_KEY) continue;
        h = (size_t)alpha__tr_mix64(b->pairs[i].key) & (cap - 1);
        while (np[h].key != ALPHA__TR_EMPTY_KEY) h = (h + 1) & (cap - 1);
        np[h] = b->pairs[i];
    }
    alpha__tr_free(b->a, b->pairs);
    b->pairs = np;
    b->pcap = cap;
    return 1;
}

/* Index of the pair, inserting it (count 0) when insert; -1 if absent or OOM (b->oom set). */
static long alpha__bpe_find(alpha__bpe_trainer *b, uint64_t key, int insert) {
    size_t h;
    if (insert && (b->pn + 1) * 2 > b->pcap) {
        if (!alpha__bpe_rehash(b, b->pcap ? b->pcap * 2 : 4096)) { b->oom = 1; return -1; }
    }
    if (!b->pcap) return -1;
    h = (size_t)alpha__tr_mix64(key) & (b->pcap - 1);
    while (b->pairs[h].key != ALPHA__TR_EMPTY_KEY) {
        if (b->pairs[h].key == key) return (long)h;
        h = (h + 1) & (b->pcap - 1);
    }
    if (!insert) return -1;
    memset(&b->pairs[h], 0, sizeof b->pairs[h]);
    b->pairs[h].key = key;
    b->pn++;
    return (long)h;
}

static void alpha__bpe_where_add(alpha__bpe_trainer *b, alpha__bpe_pair *e, int32_t w) {
    if (e->wn && e->where[e->wn - 1] == w) return;
    if (e->wn == e->wcap) {
        size_t cap = e->wcap;
        void *q = e->where;
        if (cap >= 0x7fffffffu || !alpha__tr_grow(b->a, &q, &cap, (size_t)e->wn + 1, sizeof(int32_t))) { b->oom = 1; return; }
        e->where = (int32_t *)q;
        e->wcap = (uint32_t)cap;
    }
    e->where[e->wn++] = w;
}

static int alpha__bpe_heap_less(const alpha__bpe_heapent *x, const alpha__bpe_heapent *y) {
    /* "x is below y" in the max-heap: fewer occurrences, or equal and a larger key */
    return x->count < y->count || (x->count == y->count && x->key > y->key);
}

static void alpha__bpe_push(alpha__bpe_trainer *b, int64_t count, uint64_t key) {
    size_t i;
    if (b->hn == b->hcap) {
        void *q = b->heap;
        if (!alpha__tr_grow(b->a, &q, &b->hcap, b->hn + 1, sizeof(alpha__bpe_heapent))) { b->oom = 1; return; }
        b->heap = (alpha__bpe_heapent *)q;
    }
    i = b->hn++;
    b->heap[i].count = count;
    b->heap[i].key = key;
    while (i > 0) {
        size_t par = (i - 1) / 2;
        alpha__bpe_heapent tmp;
        if (!alpha__bpe_heap_less(&b->heap[par], &b->heap[i])) break;
        tmp = b->heap[par]; b->heap[par] = b->heap[i]; b->heap[i] = tmp;
        i = par;
    }
}

static alpha__bpe_heapent alpha__bpe_pop(alpha__bpe_trainer *b) {
    alpha__bpe_heapent top = b->heap[0];
    size_t i = 0;
    b->heap[0] = b->heap[--b->hn];
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        alpha__bpe_heapent tmp;
        if (l < b->hn && alpha__bpe_heap_less(&b->heap[m], &b->heap[l])) m = l;
        if (r < b->hn && alpha__bpe_heap_less(&b->heap[m], &b->heap[r])) m = r;
        if (m == i) break;
        tmp = b->heap[m]; b->heap[m] = b->heap[i]; b->heap[i] = tmp;
        i = m;
    }
    return top;
}

static alpha_result alpha__bpe_train(alpha_tokenizer *t, const unsigned char *s, size_t n, int32_t vocab,
                                     int32_t min_freq, const alpha_tokenizer_desc *d, double t0) {
    const alpha_allocator *a = &t->allocator;
    alpha__tr_strmap m;
    alpha__bpe_trainer b;
    int32_t *ids = NULL, *wlen = NULL;
    size_t *wstart = NULL;
    int64_t *freq = NULL;
    uint64_t *touched = NULL;
    size_t touched_n = 0, touched_cap = 0;
    size_t i, nw = 0, total = 0, next_report = 0, report_step;
    int32_t nm, mi, w;
    alpha_result r = ALPHA_OK;
    int cancelled = 0, last_log_decile = 0;

    memset(&m, 0, sizeof m);
    memset(&b, 0, sizeof b);
    b.a = a;
    for (i = 0; i < 256; i++) {
        unsigned char c = (unsigned char)i;
        if (!alpha__tok_add(t, &c, 1, 0, 0)) return alpha__tok_fail(t, ALPHA_ERR_OOM, "alpha_tokenizer_train: out of memory");
    }
    nm = vocab - 256;
    t->merges = (int32_t *)alpha__tr_alloc(a, (size_t)(nm > 0 ? nm : 1) * 2 * sizeof(int32_t));
    if (!t->merges) return alpha__tok_fail(t, ALPHA_ERR_OOM, "alpha_tokenizer_train: out of memory");

    /* 1. split into chunks and count distinct ones */
    report_step = n / 20 + 1;
    i = 0;
    while (i < n) {
        size_t e = alpha__bpe_chunk_end(s, n, i, (size_t)t->max_chunk);
        long idx = e - i >= 2 ? alpha__sm_upsert(a, &m, s + i, e - i, 1) : 0;
        if (idx < 0) { r = ALPHA_ERR_OOM; goto done; }
        if (e - i >= 2) m.ents[idx].val++; /* single bytes can never merge */
        i = e;
        if (i >= next_report) {
            if (alpha__tok_report(d->progress, d->progress_user_data, &t->logger, "count", i, n, t0)) { cancelled = 1; goto done; }
            next_report = i + report_step;
        }
    }
    nw = m.n;
    for (i = 0; i < nw; i++) total += m.ents[i].len;
    ids = (int32_t *)alpha__tr_alloc(a, (total ? total : 1) * sizeof(int32_t));
    wstart = (size_t *)alpha__tr_alloc(a, (nw ? nw : 1) * sizeof(size_t));
    wlen = (int32_t *)alpha__tr_alloc(a, (nw ? nw : 1) * sizeof(int32_t));
    freq = (int64_t *)alpha__tr_alloc(a, (nw ? nw : 1) * sizeof(int64_t));
    if (!ids || !wstart || !wlen || !freq) { r = ALPHA_ERR_OOM; goto done; }
    total = 0;
    for (i = 0; i < nw; i++) {
        size_t k;
        wstart[i] = total;
        wlen[i] = (int32_t)m.ents[i].len;
        freq[i] = m.ents[i].val;
        for (k = 0; k < m.ents[i].len; k++) ids[total + k] = m.ents[i].p[k];
        total += m.ents[i].len;
    }
    alpha__sm_free(a, &m);

    /* 2. count all adjacent pairs, remember where they occur */
    for (w = 0; (size_t)w < nw; w++) {
        const int32_t *wi = ids + wstart[w];
        int32_t k;
        for (k = 0; k + 1 < wlen[w]; k++) {
            long e = alpha__bpe_find(&b, ALPHA__TR_PAIR(wi[k], wi[k + 1]), 1);
            if (e < 0) { r = ALPHA_ERR_OOM; goto done; }
            b.pairs[e].count += freq[w];
            alpha__bpe_where_add(&b, &b.pairs[e], w);
        }
        if (b.oom) { r = ALPHA_ERR_OOM; goto done; }
    }
    for (i = 0; i < b.pcap; i++)
        if (b.pairs[i].key != ALPHA__TR_EMPTY_KEY && b.pairs[i].count > 0) alpha__bpe_push(&b, b.pairs[i].count, b.pairs[i].key);
    if (b.oom) { r = ALPHA_ERR_OOM; goto done; }
    alpha__tr_log(&t->logger, ALPHA_LOG_INFO,
                  "alpha_tokenizer_train: bpe: %lu bytes, %lu distinct chunks, %lu distinct pairs, %ld merges to learn",
                  (unsigned long)n, (unsigned long)nw, (unsigned long)b.pn, (long)(nm > 0 ? nm : 0));

    /* 3. merge the most frequent pair until the vocabulary is full */
    report_step = (size_t)(nm / 100 + 1);
    next_report = 0;
    for (mi = 0; mi < nm;) {
        alpha__bpe_heapent top;
        long e;
        int32_t pa, pb, c, *where;
        uint32_t wn, q;
        if (b.hn == 0) break;
        top = alpha__bpe_pop(&b);
        e = alpha__bpe_find(&b, top.key, 0);
        if (e < 0) continue;
        if (b.pairs[e].count != top.count) {
            if (b.pairs[e].count > 0) alpha__bpe_push(&b, b.pairs[e].count, top.key);
            if (b.oom) { r = ALPHA_ERR_OOM; goto done; }
            continue;
        }
        if (top.count < min_freq) break;
        pa = (int32_t)(top.key >> 32);
        pb = (int32_t)(top.key & 0xffffffffu);
        c = 256 + mi;
        t->merges[2 * mi] = pa;
        t->merges[2 * mi + 1] = pb;
        if (!alpha__tok_add(t, NULL, 0, pa, pb)) { r = ALPHA_ERR_OOM; goto done; }
        where = b.pairs[e].where;
        wn = b.pairs[e].wn;
        b.pairs[e].where = NULL;
        b.pairs[e].wn = b.pairs[e].wcap = 0;
        touched_n = 0;
        for (q = 0; q < wn; q++) {
            int32_t *wi, L, k, o, f;
            int found = 0;
            w = where[q];
            wi = ids + wstart[w];
            L = wlen[w];
            f = 0;
            for (k = 0; k + 1 < L; k++) if (wi[k] == pa && wi[k + 1] == pb) { found = 1; break; }
            if (!found) continue;
            (void)f;
            /* remove the word's old pairs around the merge sites, merge, add the new ones */
            for (k = 0; k + 1 < L; k++) {
                long pe = alpha__bpe_find(&b, ALPHA__TR_PAIR(wi[k], wi[k + 1]), 0);
                if (pe >= 0) b.pairs[pe].count -= freq[w];
            }
            o = 0;
            for (k = 0; k < L;) {
                if (k + 1 < L && wi[k] == pa && wi[k + 1] == pb) { wi[o++] = c; k += 2; }
                else wi[o++] = wi[k++];
            }
            wlen[w] = o;
            for (k = 0; k + 1 < o; k++) {
                uint64_t key = ALPHA__TR_PAIR(wi[k], wi[k + 1]);
                long pe = alpha__bpe_find(&b, key, 1);
                if (pe < 0) { alpha__tr_free(a, where); r = ALPHA_ERR_OOM; goto done; }
                b.pairs[pe].count += freq[w];
                if (wi[k] == c || wi[k + 1] == c) {
                    alpha__bpe_where_add(&b, &b.pairs[pe], w);
                    if (b.pairs[pe].stamp != (uint32_t)mi + 1) {
                        b.pairs[pe].stamp = (uint32_t)mi + 1;
                        if (touched_n == touched_cap) {
                            void *tq = touched;
                            if (!alpha__tr_grow(a, &tq, &touched_cap, touched_n + 1, sizeof(uint64_t))) b.oom = 1;
                            else touched = (uint64_t *)tq;
                        }
                        if (!b.oom) touched[touched_n++] = key;
                    }
                }
            }
            if (b.oom) { alpha__tr_free(a, where); r = ALPHA_ERR_OOM; goto done; }
        }
        alpha__tr_free(a, where);
        e = alpha__bpe_find(&b, top.key, 0);
        if (e >= 0) b.pairs[e].count = 0;
        for (i = 0; i < touched_n; i++) {
            long pe = alpha__bpe_find(&b, touched[i], 0);
            if (pe >= 0 && b.pairs[pe].count > 0) alpha__bpe_push(&b, b.pairs[pe].count, touched[i]);
        }
        if (b.oom) { r = ALPHA_ERR_OOM; goto done; }
        mi++;
        if ((size_t)mi >= next_report || mi == nm) {
            if (alpha__tok_report(d->progress, d->progress_user_data, &t->logger, "merge", (size_t)mi, (size_t)nm, t0)) {
                cancelled = 1;
                goto done;
            }
            if ((int64_t)mi * 10 / nm != (int64_t)last_log_decile) {
                last_log_decile = (int)((int64_t)mi * 10 / nm);
                alpha__tr_log(&t->logger, ALPHA_LOG_INFO, "alpha_tokenizer_train: bpe: %ld/%ld merges, %.2f s",
                              (long)mi, (long)nm, alpha_train_now() - t0);
            }
            next_report = (size_t)mi + report_step;
        }
    }
    if (mi < nm)
        alpha__tr_log(&t->logger, ALPHA_LOG_INFO,
                      "alpha_tokenizer_train: bpe: stopped after %ld merges (no pair occurs %ld times); vocabulary is %ld",
                      (long)mi, (long)min_freq, (long)t->vocab_size);
    if (!alpha__pm_init(a, &t->merge_map, (size_t)mi)) { r = ALPHA_ERR_OOM; goto done; }
    for (i = 0; i < (size_t)mi; i++) alpha__pm_put(&t->merge_map, ALPHA__TR_PAIR(t->merges[2 * i], t->merges[2 * i + 1]), (int32_t)(256 + i));

done:
    alpha__sm_free(a, &m);
    if (b.pairs) {
        for (i = 0; i < b.pcap; i++) if (b.pairs[i].key != ALPHA__TR_EMPTY_KEY) alpha__tr_free(a, b.pairs[i].where);
        alpha__tr_free(a, b.pairs);
    }
    alpha__tr_free(a, b.heap);
    alpha__tr_free(a, touched);
    alpha__tr_free(a, ids);
    alpha__tr_free(a, wstart);
    alpha__tr_free(a, wlen);
    alpha__tr_free(a, freq);
    if (cancelled) return alpha__tok_fail(t, ALPHA_ERR_STATE, "alpha_tokenizer_train: cancelled by the progress callback");
    if (r != ALPHA_OK) return alpha__tok_fail(t, r, "alpha_tokenizer_train: out of memory");
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_tokenizer_train(const alpha_tokenizer_desc *desc, const void *text, size_t len,
                                             alpha_tokenizer **out) {
    alpha_tokenizer_desc d;
    alpha_tokenizer *t;
    alpha_result r;
    double t0 = alpha_train_now();
    if (out) *out = NULL;
    memset(&d, 0, sizeof d);
    if (desc) d = *desc;
    if (!out || (!text && len)) {
        alpha__tr_log(&d.logger, ALPHA_LOG_ERROR, "alpha_tokenizer_train: NULL %s", out ? "text" : "out");
        return ALPHA_ERR_INVALID;
    }
    if (d.kind != ALPHA_TOKENIZER_BPE && d.kind != ALPHA_TOKENIZER_CHAR && d.kind != ALPHA_TOKENIZER_WORD) {
        alpha__tr_log(&d.logger, ALPHA_LOG_ERROR, "alpha_tokenizer_train: unknown kind %d", (int)d.kind);
        return ALPHA_ERR_INVALID;
    }
    if (d.vocab_size < 0 || d.vocab_size > ALPHA__TOK_MAX_VOCAB ||
        (d.kind == ALPHA_TOKENIZER_BPE && d.vocab_size != 0 && d.vocab_size < 256) ||
        (d.kind == ALPHA_TOKENIZER_WORD && d.vocab_size == 1)) {
        alpha__tr_log(&d.logger, ALPHA_LOG_ERROR, "alpha_tokenizer_train: vocab_size %ld invalid for a %s tokenizer (%s)",
                      (long)d.vocab_size, alpha_tokenizer_kind_name(d.kind),
                      d.kind == ALPHA_TOKENIZER_BPE ? "256..4194304" : d.kind == ALPHA_TOKENIZER_WORD ? "2..4194304" : "0..4194304");
        return ALPHA_ERR_INVALID;
    }
    if (d.max_chunk != 0 && (d.max_chunk < 8 || d.max_chunk > 65536)) {
        alpha__tr_log(&d.logger, ALPHA_LOG_ERROR, "alpha_tokenizer_train: max_chunk %ld outside 8..65536", (long)d.max_chunk);
        return ALPHA_ERR_INVALID;
    }
    if (d.min_frequency < 0) {
        alpha__tr_log(&d.logger, ALPHA_LOG_ERROR, "alpha_tokenizer_train: min_frequency %ld is negative", (long)d.min_frequency);
        return ALPHA_ERR_INVALID;
    }
    if (len > 0xffffffffu && d.kind == ALPHA_TOKENIZER_WORD) {
        /* counts are int64 so this is only a sanity limit for the piece table */
    }
    t = alpha__tok_new(&d, d.kind);
    if (!t) {
        alpha__tr_log(&d.logger, ALPHA_LOG_ERROR, "alpha_tokenizer_train: out of memory");
        return ALPHA_ERR_OOM;
    }
    if (d.max_chunk) t->max_chunk = d.max_chunk;
    switch (d.kind) {
    case ALPHA_TOKENIZER_CHAR:
        r = alpha__char_train(t, (const unsigned char *)text, len, d.vocab_size);
        break;
    case ALPHA_TOKENIZER_WORD:
        r = alpha__word_train(t, (const unsigned char *)text, len, d.vocab_size ? d.vocab_size : 8192,
                              d.min_frequency ? d.min_frequency : 1, &d, t0);
        break;
    default:
        r = alpha__bpe_train(t, (const unsigned char *)text, len, d.vocab_size ? d.vocab_size : 4096,
                             d.min_frequency ? d.min_frequency : 2, &d, t0);
        break;
    }
    if (r != ALPHA_OK) {
        alpha_tokenizer_free(t);
        return r;
    }
    alpha__tr_log(&t->logger, ALPHA_LOG_INFO, "alpha_tokenizer_train: %s tokenizer, vocabulary %ld, %.2f s",
                  alpha_tokenizer_kind_name(t->kind), (long)t->vocab_size, alpha_train_now() - t0);
    *out = t;
    return ALPHA_OK;
}

ALPHA_API alpha_tokenizer_kind alpha_tokenizer_get_kind(const alpha_tokenizer *t) {
    return t ? t->kind : ALPHA_TOKENIZER_BPE;
}

ALPHA_API const char *alpha_tokenizer_kind_name(alpha_tokenizer_kind kind) {
    switch (kind) {
    case ALPHA_TOKENIZER_BPE: return "bpe";
    case ALPHA_TOKENIZER_CHAR: return "char";
    case ALPHA_TOKENIZER_WORD: return "word";
    }
    return "unknown";
}

ALPHA_API int32_t alpha_tokenizer_vocab_size(const alpha_tokenizer *t) { return t ? t->vocab_size : 0; }

ALPHA_API int32_t alpha_tokenizer_unk_id(const alpha_tokenizer *t) {
    return (t && t->kind == ALPHA_TOKENIZER_WORD) ? 0 : -1;
}

ALPHA_API const char *alpha_tokenizer_token(const alpha_tokenizer *t, int32_t id, size_t *out_len) {
    if (out_len) *out_len = 0;
    if (!t || id < 0 || id >= t->vocab_size) return NULL;
    if (out_len) *out_len = t->tok_len[id];
    return (const char *)t->pool + t->tok_off[id];
}

ALPHA_API const char *alpha_tokenizer_last_error(const alpha_tokenizer *t) { return t ? t->error : "NULL tokenizer"; }

/* ---- encoding ---- */

static int alpha__tok_scratch(alpha_tokenizer *t, size_t n) {
    size_t c1, c2, c3;
    void *q;
    if (n <= t->s_cap) return 1;
    c1 = c2 = c3 = t->s_cap;
    q = t->s_ids;
    if (!alpha__tr_grow(&t->allocator, &q, &c1, n, sizeof(int32_t))) return 0;
    t->s_ids = (int32_t *)q;
    q = t->s_prev;
    if (!alpha__tr_grow(&t->allocator, &q, &c2, n, sizeof(int32_t))) return 0;
    t->s_prev = (int32_t *)q;
    q = t->s_next;
    if (!alpha__tr_grow(&t->allocator, &q, &c3, n, sizeof(int32_t))) return 0;
    t->s_next = (int32_t *)q;
    t->s_cap = c1 < c2 ? (c1 < c3 ? c1 : c3) : (c2 < c3 ? c2 : c3);
    return 1;
}

static void alpha__bpe_hpush(uint64_t *h, size_t *n, uint64_t v) {
    size_t i = (*n)++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (h[p] <= v) break;
        h[i] = h[p];
        i = p;
    }
    h[i] = v;
}

static uint64_t alpha__bpe_hpop(uint64_t *h, size_t *n) {
    uint64_t top = h[0], v = h[--(*n)];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        uint64_t mv = v;
        if (l < *n && h[l] < mv) { m = l; mv = h[l]; }
        if (l + 1 < *n && h[l + 1] < mv) { m = l + 1; }
        if (m == i) break;
        h[i] = h[m];
        i = m;
    }
    h[i] = v;
    return top;
}

/* Encodes one chunk into t->s_ids; returns the number of ids (0 on OOM with len > 0). */
static size_t alpha__bpe_encode_chunk(alpha_tokenizer *t, const unsigned char *s, size_t len) {
    int32_t *id = t->s_ids;
    size_t i, n = len;
    for (i = 0; i < len; i++) id[i] = s[i];
    if (len < 2 || t->merge_map.n == 0) return len;
    if (len <= ALPHA__BPE_SIMPLE_MAX) {
        /* short chunks: repeatedly merge every occurrence of the lowest-ranked pair */
        for (;;) {
            int32_t best = -1, bi = 0;
            size_t k, o;
            for (k = 0; k + 1 < n; k++) {
                int32_t r = alpha__pm_get(&t->merge_map, ALPHA__TR_PAIR(id[k], id[k + 1]));
                if (r >= 0 && (best < 0 || r < best)) { best = r; bi = (int32_t)k; }
            }
            if (best < 0) break;
            {
                int32_t pa = id[bi], pb = id[bi + 1];
                o = 0;
                for (k = 0; k < n;) {
                    if (k + 1 < n && id[k] == pa && id[k + 1] == pb) { id[o++] = best; k += 2; }
                    else id[o++] = id[k++];
                }
                n = o;
            }
            if (n < 2) break;
        }
        return n;
    }
    /* long chunks: linked list + min-heap of (rank, position), O(n log n) */
    {
        int32_t *prev = t->s_prev, *next = t->s_next;
        uint64_t *h;
        size_t hn = 0, o;
        int32_t cur;
        /* initial pairs <= len-1, each merge pops one entry and pushes at most two: <= 2 len */
        if (t->s_heapcap < 2 * len) {
            void *q = t->s_heap;
            if (!alpha__tr_grow(&t->allocator, &q, &t->s_heapcap, 2 * len, sizeof(uint64_t))) return 0;
            t->s_heap = (uint64_t *)q;
        }
        h = t->s_heap;
        for (i = 0; i < len; i++) {
            prev[i] = (int32_t)i - 1;
            next[i] = (i + 1 < len) ? (int32_t)(i + 1) : -1;
        }
        for (i = 0; i + 1 < len; i++) {
            int32_t r = alpha__pm_get(&t->merge_map, ALPHA__TR_PAIR(id[i], id[i + 1]));
            if (r >= 0) alpha__bpe_hpush(h, &hn, ((uint64_t)(uint32_t)r << 32) | (uint64_t)i);
        }
        while (hn > 0) {
            uint64_t top = alpha__bpe_hpop(h, &hn);
            int32_t r = (int32_t)(top >> 32), p = (int32_t)(top & 0xffffffffu), q, rr;
            if (id[p] < 0 || (q = next[p]) < 0) continue;
            if (alpha__pm_get(&t->merge_map, ALPHA__TR_PAIR(id[p], id[q])) != r) continue;
            id[p] = r;
            id[q] = -1;
            next[p] = next[q];
            if (next[q] >= 0) prev[next[q]] = p;
            if (prev[p] >= 0) {
                rr = alpha__pm_get(&t->merge_map, ALPHA__TR_PAIR(id[prev[p]], id[p]));
                if (rr >= 0 && hn < t->s_heapcap) alpha__bpe_hpush(h, &hn, ((uint64_t)(uint32_t)rr << 32) | (uint64_t)(uint32_t)prev[p]);
            }
            if (next[p] >= 0) {
                rr = alpha__pm_get(&t->merge_map, ALPHA__TR_PAIR(id[p], id[next[p]]));
                if (rr >= 0 && hn < t->s_heapcap) alpha__bpe_hpush(h, &hn, ((uint64_t)(uint32_t)rr << 32) | (uint64_t)(uint32_t)p);
            }
        }
        o = 0;
        for (cur = 0; cur >= 0; cur = next[cur]) id[o++] = id[cur];
        return o;
    }
}

ALPHA_API alpha_result alpha_tokenizer_encode(alpha_tokenizer *t, const void *text, size_t len, int32_t *ids,
                                              size_t capacity, size_t *out_count) {
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, cnt = 0;
    if (out_count) *out_count = 0;
    if (!t) return ALPHA_ERR_INVALID;
    if ((!text && len) || (!ids && capacity)) return alpha__tok_fail(t, ALPHA_ERR_INVALID, "alpha_tokenizer_encode: NULL %s", ids || !capacity ? "text" : "ids");
    if (t->kind == ALPHA_TOKENIZER_CHAR) {
        size_t skipped = 0, first = 0;
        for (i = 0; i < len; i++) {
            int32_t v = t->byte_to_id[s[i]];
            if (v < 0) {
                if (!skipped++) first = i;
                continue;
            }
            if (cnt < capacity) ids[cnt] = v;
            cnt++;
        }
        if (skipped)
            alpha__tr_log(&t->logger, ALPHA_LOG_WARN,
                          "alpha_tokenizer_encode: skipped %lu bytes not in the char vocabulary (first: 0x%02x at offset %lu)",
                          (unsigned long)skipped, (unsigned)s[first], (unsigned long)first);
    } else if (t->kind == ALPHA_TOKENIZER_WORD) {
        while (i < len) {
            size_t e = alpha__word_piece_end(s, len, i);
            long k = alpha__sm_upsert(&t->allocator, &t->words, s + i, e - i, 0);
            if (cnt < capacity) ids[cnt] = k >= 0 ? (int32_t)t->words.ents[k].val : 0;
            cnt++;
            i = e;
        }
    } else {
        while (i < len) {
            size_t e = alpha__bpe_chunk_end(s, len, i, (size_t)t->max_chunk), k, m;
            if (!alpha__tok_scratch(t, e - i)) return alpha__tok_fail(t, ALPHA_ERR_OOM, "alpha_tokenizer_encode: out of memory");
            m = alpha__bpe_encode_chunk(t, s + i, e - i);
            if (m == 0) return alpha__tok_fail(t, ALPHA_ERR_OOM, "alpha_tokenizer_encode: out of memory");
            for (k = 0; k < m; k++, cnt++) if (cnt < capacity) ids[cnt] = t->s_ids[k];
            i = e;
        }
    }
    if (out_count) *out_count = cnt;
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_tokenizer_encode_alloc(alpha_tokenizer *t, const void *text, size_t len,
                                                    int32_t **out_ids, size_t *out_count) {
    size_t n = 0, n2 = 0;
    int32_t *ids;
    alpha_result r;
    if (out_ids) *out_ids = NULL;
    if (out_count) *out_count = 0;
    if (!t) return ALPHA_ERR_INVALID;
    if (!out_ids) return alpha__tok_fail(t, ALPHA_ERR_INVALID, "alpha_tokenizer_encode_alloc: NULL out_ids");
    /* Small texts: one pass into an upper-bound buffer (every id covers at least one byte).
       Large texts: count first, so the buffer is exact rather than 4 bytes per input byte. */
    if (len > ((size_t)-1) / sizeof(int32_t) - 1) return alpha__tok_fail(t, ALPHA_ERR_OOM, "alpha_tokenizer_encode_alloc: text too large");
    if (len > ((size_t)64 << 20)) {
        r = alpha_tokenizer_encode(t, text, len, NULL, 0, &n2);
        if (r != ALPHA_OK) return r;
    } else {
        n2 = len;
    }
    ids = (int32_t *)alpha__tr_alloc(&t->allocator, (n2 + 1) * sizeof(int32_t));
    if (!ids) return alpha__tok_fail(t, ALPHA_ERR_OOM, "alpha_tokenizer_encode_alloc: out of memory for %lu ids", (unsigned long)n2);
    r = alpha_tokenizer_encode(t, text, len, ids, n2 + 1, &n);
    if (r != ALPHA_OK || n > n2 + 1) {
        alpha__tr_free(&t->allocator, ids);
        return r != ALPHA_OK ? r : alpha__tok_fail(t, ALPHA_ERR_STATE, "alpha_tokenizer_encode_alloc: internal size error");
    }
    *out_ids = ids;
    if (out_count) *out_count = n;
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_tokenizer_decode(alpha_tokenizer *t, const int32_t *ids, size_t n, char *out,
                                              size_t cap, size_t *out_len) {
    size_t i, total = 0;
    if (out_len) *out_len = 0;
    if (!t) return ALPHA_ERR_INVALID;
    if ((!ids && n) || (!out && cap)) return alpha__tok_fail(t, ALPHA_ERR_INVALID, "alpha_tokenizer_decode: NULL %s", ids || !n ? "out" : "ids");
    for (i = 0; i < n; i++) {
        if (ids[i] < 0 || ids[i] >= t->vocab_size)
            return alpha__tok_fail(t, ALPHA_ERR_INVALID, "alpha_tokenizer_decode: ids[%lu] = %ld is outside the vocabulary [0, %ld)",
                                   (unsigned long)i, (long)ids[i], (long)t->vocab_size);
        total += t->tok_len[ids[i]];
    }
    if (out) {
        size_t o = 0;
        for (i = 0; i < n && o < cap; i++) {
            size_t l = t->tok_len[ids[i]];
            if (l > cap - o) l = cap - o;
            memcpy(out + o, t->pool + t->tok_off[ids[i]], l);
            o += l;
        }
        if (total < cap) out[total] = 0;
    }
    if (out_len) *out_len = total;
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_tokenizer_decode_alloc(alpha_tokenizer *t, const int32_t *ids, size_t n, char **out,
                                                    size_t *out_len) {
    size_t total = 0;
    alpha_result r;
    char *buf;
    if (out) *out = NULL;
    if (out_len) *out_len = 0;
    if (!t) return ALPHA_ERR_INVALID;
    if (!out) return alpha__tok_fail(t, ALPHA_ERR_INVALID, "alpha_tokenizer_decode_alloc: NULL out");
    r = alpha_tokenizer_decode(t, ids, n, NULL, 0, &total);
    if (r != ALPHA_OK) return r;
    buf = (char *)alpha__tr_alloc(&t->allocator, total + 1);
    if (!buf) return alpha__tok_fail(t, ALPHA_ERR_OOM, "alpha_tokenizer_decode_alloc: out of memory for %lu bytes", (unsigned long)total);
    alpha_tokenizer_decode(t, ids, n, buf, total + 1, &total);
    *out = buf;
    if (out_len) *out_len = total;
    return ALPHA_OK;
}

/* ---- JSON form and files ---- */

ALPHA_API alpha_result alpha_tokenizer_to_json(const alpha_tokenizer *t, alpha_json_writer *w) {
    int32_t i;
    if (!t || !w) return ALPHA_ERR_INVALID;
    alpha_json_object_begin(w);
    alpha_json_kv_string(w, "type", alpha_tokenizer_kind_name(t->kind));
    alpha_json_kv_int(w, "version", 1);
    alpha_json_kv_int(w, "vocab_size", t->vocab_size);
    if (t->kind == ALPHA_TOKENIZER_BPE) {
        alpha_json_kv_string(w, "pretokenizer", "alpha-bpe-v1");
        alpha_json_kv_int(w, "max_chunk", t->max_chunk);
        alpha_json_key(w, "merges");
        alpha_json_array_begin(w);
        for (i = 0; i + 256 < t->vocab_size; i++) {
            alpha_json_array_begin(w);
            alpha_json_write_int(w, t->merges[2 * i]);
            alpha_json_write_int(w, t->merges[2 * i + 1]);
            alpha_json_array_end(w);
        }
        alpha_json_array_end(w);
    } else {
        if (t->kind == ALPHA_TOKENIZER_WORD) alpha_json_kv_string(w, "pretokenizer", "alpha-word-v1");
        alpha_json_key(w, "vocab");
        alpha_json_array_begin(w);
        for (i = 0; i < t->vocab_size; i++) alpha_json_write_bytes(w, t->pool + t->tok_off[i], t->tok_len[i]);
        alpha_json_array_end(w);
    }
    alpha_json_object_end(w);
    return w->status;
}

/* Builds a tokenizer from JSON without logging; the reason goes to err. */
static alpha_result alpha__tok_from_json(const alpha_json *v, const alpha_tokenizer_desc *desc,
                                         alpha_tokenizer **out, char *err, size_t cap) {
    const char *type = NULL, *pre = NULL;
    int64_t version = 0, vocab = 0, mc = 256;
    alpha_tokenizer_kind kind;
    alpha_tokenizer *t;
    const alpha_json *arr = NULL;
    alpha_result r;
    size_t i;
    *out = NULL;
    if (!v || v->type != ALPHA_JSON_OBJECT) {
        alpha__tr_fmt(err, cap, "expected a tokenizer object, got %s", v ? alpha_json_type_name(v->type) : "nothing");
        return ALPHA_ERR_FORMAT;
    }
    if ((r = alpha_json_get_string(v, "type", &type, NULL, err, cap)) != ALPHA_OK) return r;
    if (strcmp(type, "bpe") == 0) kind = ALPHA_TOKENIZER_BPE;
    else if (strcmp(type, "char") == 0) kind = ALPHA_TOKENIZER_CHAR;
    else if (strcmp(type, "word") == 0) kind = ALPHA_TOKENIZER_WORD;
    else {
        alpha__tr_fmt(err, cap, "'type': unknown tokenizer type \"%.40s\" (expected bpe, char or word)", type);
        return ALPHA_ERR_FORMAT;
    }
    if ((r = alpha_json_get_int(v, "version", 1, 1000000, &version, err, cap)) != ALPHA_OK) return r;
    if (version != 1) {
        alpha__tr_fmt(err, cap, "'version': tokenizer format version %lld is not supported (this build reads 1)", (long long)version);
        return ALPHA_ERR_UNSUPPORTED;
    }
    if ((r = alpha_json_get_int(v, "vocab_size", kind == ALPHA_TOKENIZER_BPE ? 256 : kind == ALPHA_TOKENIZER_WORD ? 2 : 1,
                                kind == ALPHA_TOKENIZER_CHAR ? 256 : ALPHA__TOK_MAX_VOCAB, &vocab, err, cap)) != ALPHA_OK)
        return r;
    if (kind != ALPHA_TOKENIZER_CHAR) {
        const char *want = kind == ALPHA_TOKENIZER_BPE ? "alpha-bpe-v1" : "alpha-word-v1";
        if ((r = alpha_json_get_string(v, "pretokenizer", &pre, NULL, err, cap)) != ALPHA_OK) return r;
        if (strcmp(pre, want) != 0) {
            alpha__tr_fmt(err, cap, "'pretokenizer': \"%.40s\" is not supported (expected \"%s\")", pre, want);
            return ALPHA_ERR_UNSUPPORTED;
        }
    }
    if (kind == ALPHA_TOKENIZER_BPE) {
        if ((r = alpha_json_get_int(v, "max_chunk", 8, 65536, &mc, err, cap)) != ALPHA_OK) return r;
        if ((r = alpha_json_get_typed(v, "merges", ALPHA_JSON_ARRAY, &arr, err, cap)) != ALPHA_OK) return r;
        if ((int64_t)arr->count != vocab - 256) {
            alpha__tr_fmt(err, cap, "%u:%u: 'merges' has %lu entries but vocab_size %lld needs %lld", (unsigned)arr->line,
                          (unsigned)arr->col, (unsigned long)arr->count, (long long)vocab, (long long)(vocab - 256));
            return ALPHA_ERR_FORMAT;
        }
    } else {
        if ((r = alpha_json_get_typed(v, "vocab", ALPHA_JSON_ARRAY, &arr, err, cap)) != ALPHA_OK) return r;
        if ((int64_t)arr->count != vocab) {
            alpha__tr_fmt(err, cap, "%u:%u: 'vocab' has %lu entries but vocab_size is %lld", (unsigned)arr->line,
                          (unsigned)arr->col, (unsigned long)arr->count, (long long)vocab);
            return ALPHA_ERR_FORMAT;
        }
    }
    t = alpha__tok_new(desc, kind);
    if (!t) { alpha__tr_fmt(err, cap, "out of memory"); return ALPHA_ERR_OOM; }
    t->max_chunk = (int32_t)mc;
    r = ALPHA_OK;
    if (kind == ALPHA_TOKENIZER_BPE) {
        for (i = 0; i < 256 && r == ALPHA_OK; i++) {
            unsigned char c = (unsigned char)i;
            if (!alpha__tok_add(t, &c, 1, 0, 0)) r = ALPHA_ERR_OOM;
        }
        if (r == ALPHA_OK) {
            t->merges = (int32_t *)alpha__tr_alloc(&t->allocator, (arr->count ? arr->count : 1) * 2 * sizeof(int32_t));
            if (!t->merges || !alpha__pm_init(&t->allocator, &t->merge_map, arr->count)) r = ALPHA_ERR_OOM;
        }
        if (r != ALPHA_OK) alpha__tr_fmt(err, cap, "out of memory");
        for (i = 0; i < arr->count && r == ALPHA_OK; i++) {
            const alpha_json *e = &arr->items[i];
            int64_t ab[2];
            int k;
            size_t nl;
            if (e->type != ALPHA_JSON_ARRAY || e->count != 2) {
                alpha__tr_fmt(err, cap, "%u:%u: merges[%lu]: expected a pair [a, b]", (unsigned)e->line, (unsigned)e->col, (unsigned long)i);
                r = ALPHA_ERR_FORMAT;
                break;
            }
            for (k = 0; k < 2; k++) {
                const alpha_json *x = &e->items[k];
                if (x->type != ALPHA_JSON_NUMBER || !x->is_int || x->integer < 0 || x->integer >= (int64_t)(256 + i)) {
                    alpha__tr_fmt(err, cap, "%u:%u: merges[%lu][%d]: expected a token id in [0, %lu)", (unsigned)x->line,
                                  (unsigned)x->col, (unsigned long)i, k, (unsigned long)(256 + i));
                    r = ALPHA_ERR_FORMAT;
                    break;
                }
                ab[k] = x->integer;
            }
            if (r != ALPHA_OK) break;
            nl = (size_t)t->tok_len[ab[0]] + t->tok_len[ab[1]];
            if (nl > (size_t)mc) {
                alpha__tr_fmt(err, cap, "%u:%u: merges[%lu] makes a token of %lu bytes, longer than max_chunk %lld",
                              (unsigned)e->line, (unsigned)e->col, (unsigned long)i, (unsigned long)nl, (long long)mc);
                r = ALPHA_ERR_FORMAT;
                break;
            }
            if (!alpha__pm_put(&t->merge_map, ALPHA__TR_PAIR(ab[0], ab[1]), (int32_t)(256 + i))) {
                alpha__tr_fmt(err, cap, "%u:%u: merges[%lu] = [%lld, %lld] repeats an earlier merge", (unsigned)e->line,
                              (unsigned)e->col, (unsigned long)i, (long long)ab[0], (long long)ab[1]);
                r = ALPHA_ERR_FORMAT;
                break;
            }
            t->merges[2 * i] = (int32_t)ab[0];
            t->merges[2 * i + 1] = (int32_t)ab[1];
            if (!alpha__tok_add(t, NULL, 0, (int32_t)ab[0], (int32_t)ab[1])) {
                alpha__tr_fmt(err, cap, "out of memory");
                r = ALPHA_ERR_OOM;
            }
        }
    } else {
        for (i = 0; i < arr->count && r == ALPHA_OK; i++) {
            const alpha_json *e = &arr->items[i];
            unsigned char buf[1024];
            size_t bl = 0;
            if (alpha_json_bytes(e, NULL, 0, &bl) != ALPHA_OK || bl == 0 || bl > sizeof buf ||
                (kind == ALPHA_TOKENIZER_CHAR && bl != 1)) {
                alpha__tr_fmt(err, cap, "%u:%u: vocab[%lu]: expected %s", (unsigned)e->line, (unsigned)e->col, (unsigned long)i,
                              kind == ALPHA_TOKENIZER_CHAR ? "a string of exactly one byte or [byte]"
                                                           : "a non-empty string (or byte array) of at most 1024 bytes");
                r = ALPHA_ERR_FORMAT;
                break;
            }
            alpha_json_bytes(e, buf, sizeof buf, &bl);
            if (kind == ALPHA_TOKENIZER_CHAR) {
                if (t->byte_to_id[buf[0]] >= 0) {
                    alpha__tr_fmt(err, cap, "%u:%u: vocab[%lu]: byte 0x%02x appears twice", (unsigned)e->line, (unsigned)e->col,
                                  (unsigned long)i, (unsigned)buf[0]);
                    r = ALPHA_ERR_FORMAT;
                    break;
                }
                t->byte_to_id[buf[0]] = (int32_t)i;
            }
            if (!alpha__tok_add(t, buf, bl, 0, 0)) {
                alpha__tr_fmt(err, cap, "out of memory");
                r = ALPHA_ERR_OOM;
            }
        }
        if (r == ALPHA_OK && kind == ALPHA_TOKENIZER_WORD) {
            r = alpha__word_build_map(t);
            if (r == ALPHA_ERR_FORMAT) alpha__tr_fmt(err, cap, "%u:%u: 'vocab' contains the same piece twice", (unsigned)arr->line, (unsigned)arr->col);
            else if (r != ALPHA_OK) alpha__tr_fmt(err, cap, "out of memory");
        }
    }
    if (r != ALPHA_OK) {
        alpha_tokenizer_free(t);
        return r;
    }
    *out = t;
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_tokenizer_from_json(const alpha_json *value, const alpha_tokenizer_desc *desc,
                                                 alpha_tokenizer **out, char *err, size_t err_cap) {
    char why[512];
    alpha_result r;
    alpha_logger lg;
    memset(&lg, 0, sizeof lg);
    if (desc) lg = desc->logger;
    if (!out) {
        alpha__tr_report(&lg, ALPHA_LOG_ERROR, err, err_cap, NULL, 0, "alpha_tokenizer_from_json: NULL out");
        return ALPHA_ERR_INVALID;
    }
    why[0] = 0;
    r = alpha__tok_from_json(value, desc, out, why, sizeof why);
    if (r != ALPHA_OK) alpha__tr_report(&lg, ALPHA_LOG_ERROR, err, err_cap, NULL, 0, "alpha_tokenizer_from_json: %s", why);
    return r;
}

static const char alpha__tok_magic[] = "ALPHATOK ";

ALPHA_API alpha_result alpha_tokenizer_save(alpha_tokenizer *t, const char *path) {
    alpha_json_writer w;
    alpha_json_writer_desc wd;
    alpha_atomic_file f;
    const char *text;
    size_t n = 0;
    alpha_result r;
    if (!t) return ALPHA_ERR_INVALID;
    if (!path) return alpha__tok_fail(t, ALPHA_ERR_INVALID, "alpha_tokenizer_save: NULL path");
    memset(&wd, 0, sizeof wd);
    wd.allocator = t->allocator;
    alpha_json_writer_init(&w, &wd);
    alpha_tokenizer_to_json(t, &w);
    text = alpha_json_writer_finish(&w, &n);
    if (!text) {
        r = alpha__tok_fail(t, w.status, "alpha_tokenizer_save: %s", w.error);
        alpha_json_writer_free(&w);
        return r;
    }
    r = alpha_atomic_file_open(&f, path, &t->allocator, &t->logger);
    if (r == ALPHA_OK) {
        alpha_atomic_file_write(&f, "ALPHATOK 1\n", 11);
        alpha_atomic_file_write(&f, text, n);
        alpha_atomic_file_write(&f, "\n", 1);
        r = alpha_atomic_file_commit(&f);
        if (r != ALPHA_OK) alpha__tr_copy_str(t->error, sizeof t->error, f.error);
    } else {
        alpha__tr_copy_str(t->error, sizeof t->error, f.error);
    }
    alpha_json_writer_free(&w);
    return r;
}

/* what: "alpha_tokenizer_load: 'path'" or "alpha_tokenizer_load_mem" for messages. */
static alpha_result alpha__tok_load_mem(const void *data, size_t size, const alpha_tokenizer_desc *desc,
                                        alpha_tokenizer **out, char *err, size_t err_cap, const char *what) {
    const char *s = (const char *)data;
    alpha_logger lg;
    alpha_json_parse_desc pd;
    alpha_json *root = NULL;
    char why[512];
    size_t i, ml = sizeof alpha__tok_magic - 1;
    unsigned long version = 0;
    alpha_result r;
    memset(&lg, 0, sizeof lg);
    if (desc) lg = desc->logger;
    if (out) *out = NULL;
    if (!out || (!data && size)) {
        alpha__tr_report(&lg, ALPHA_LOG_ERROR, err, err_cap, NULL, 0, "%s: NULL %s", what, out ? "data" : "out");
        return ALPHA_ERR_INVALID;
    }
    if (size < ml || memcmp(s, alpha__tok_magic, ml) != 0) {
        alpha__tr_report(&lg, ALPHA_LOG_ERROR, err, err_cap, NULL, 0, "%s: not an alpha tokenizer file (it must start with \"ALPHATOK 1\")", what);
        return ALPHA_ERR_FORMAT;
    }
    i = ml;
    while (i < size && i < ml + 9 && s[i] >= '0' && s[i] <= '9') version = version * 10 + (unsigned long)(s[i++] - '0');
    if (i == ml || i >= size || s[i] != '\n') {
        alpha__tr_report(&lg, ALPHA_LOG_ERROR, err, err_cap, NULL, 0, "%s: malformed first line (expected \"ALPHATOK 1\")", what);
        return ALPHA_ERR_FORMAT;
    }
    if (version != 1) {
        alpha__tr_report(&lg, ALPHA_LOG_ERROR, err, err_cap, NULL, 0,
                         "%s: tokenizer file version %lu is not supported (this build reads version 1)", what, version);
        return ALPHA_ERR_UNSUPPORTED;
    }
    i++;
    memset(&pd, 0, sizeof pd);
    if (desc) pd.allocator = desc->allocator;
    pd.max_depth = 8;
    why[0] = 0;
    /* line numbers in messages are file lines: the JSON starts on line 2 */
    r = alpha__json_parse(s + i, size - i, &pd, &root, why, sizeof why, 1, 2);
    if (r != ALPHA_OK) {
        alpha__tr_report(&lg, ALPHA_LOG_ERROR, err, err_cap, NULL, 0, "%s: %s", what, why);
        return r;
    }
    r = alpha__tok_from_json(root, desc, out, why, sizeof why);
    if (r != ALPHA_OK) alpha__tr_report(&lg, ALPHA_LOG_ERROR, err, err_cap, NULL, 0, "%s: %s", what, why);
    alpha_json_free(root);
    return r;
}

ALPHA_API alpha_result alpha_tokenizer_load_mem(const void *data, size_t size, const alpha_tokenizer_desc *desc,
                                                alpha_tokenizer **out, char *err, size_t err_cap) {
    return alpha__tok_load_mem(data, size, desc, out, err, err_cap, "alpha_tokenizer_load_mem");
}

ALPHA_API alpha_result alpha_tokenizer_load(const char *path, const alpha_tokenizer_desc *desc, alpha_tokenizer **out,
                                            char *err, size_t err_cap) {
    char *data = NULL;
    size_t size = 0;
    alpha_allocator a;
    alpha_logger lg;
    alpha_result r;
    char what[300];
    memset(&a, 0, sizeof a);
    memset(&lg, 0, sizeof lg);
    if (desc) { a = desc->allocator; lg = desc->logger; }
    if (out) *out = NULL;
    if (!path) {
        alpha__tr_report(&lg, ALPHA_LOG_ERROR, err, err_cap, NULL, 0, "alpha_tokenizer_load: NULL path");
        return ALPHA_ERR_INVALID;
    }
    r = alpha_train_read_file(path, (size_t)256 << 20, &a, &lg, &data, &size, err, err_cap);
    if (r != ALPHA_OK) return r;
    snprintf(what, sizeof what, "alpha_tokenizer_load: '%.256s'", path);
    r = alpha__tok_load_mem(data, size, desc, out, err, err_cap, what);
    alpha__tr_free(&a, data);
    return r;
}

/* =========================================================================================
   SECTION 4 (implementation): TOKEN FILES AND THE DATA LOADER
   ========================================================================================= */

static void alpha__tr_put_u32(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8); p[2] = (unsigned char)(v >> 16); p[3] = (unsigned char)(v >> 24);
}
static void alpha__tr_put_u64(unsigned char *p, uint64_t v) {
    alpha__tr_put_u32(p, (uint32_t)v);
    alpha__tr_put_u32(p + 4, (uint32_t)(v >> 32));
}
static uint32_t alpha__tr_get_u32(const unsigned char *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static uint64_t alpha__tr_get_u64(const unsigned char *p) {
    return (uint64_t)alpha__tr_get_u32(p) | ((uint64_t)alpha__tr_get_u32(p + 4) << 32);
}

static const char alpha__tkn_magic[8] = {'A', 'L', 'P', 'H', 'A', 'T', 'K', 'N'};

ALPHA_API alpha_result alpha_token_file_save(const char *path, const int32_t *tokens, size_t count, int32_t vocab_size,
                                             const alpha_logger *logger) {
    unsigned char hdr[ALPHA_TOKEN_FILE_HEADER_SIZE];
    unsigned char buf[65536];
    alpha_atomic_file f;
    size_t i, el, o;
    int32_t mx = 0;
    alpha_result r;
    if (!path || (!tokens && count)) {
        alpha__tr_log(logger, ALPHA_LOG_ERROR, "alpha_token_file_save: NULL %s", path ? "tokens" : "path");
        return ALPHA_ERR_INVALID;
    }
    if (vocab_size < 0) {
        alpha__tr_log(logger, ALPHA_LOG_ERROR, "alpha_token_file_save: vocab_size %ld is negative", (long)vocab_size);
        return ALPHA_ERR_INVALID;
    }
    for (i = 0; i < count; i++) {
        if (tokens[i] < 0 || (vocab_size > 0 && tokens[i] >= vocab_size)) {
            alpha__tr_log(logger, ALPHA_LOG_ERROR, "alpha_token_file_save: tokens[%lu] = %ld is outside [0, %ld)",
                          (unsigned long)i, (long)tokens[i], (long)(vocab_size > 0 ? vocab_size : INT32_MAX));
            return ALPHA_ERR_INVALID;
        }
        if (tokens[i] > mx) mx = tokens[i];
    }
    el = mx <= 65535 ? 2 : 4;
    memcpy(hdr, alpha__tkn_magic, 8);
    alpha__tr_put_u32(hdr + 8, 1);
    alpha__tr_put_u32(hdr + 12, el == 2 ? ALPHA_TOKEN_U16 : ALPHA_TOKEN_I32);
    alpha__tr_put_u64(hdr + 16, (uint64_t)count);
    alpha__tr_put_u64(hdr + 24, (uint64_t)vocab_size);
    r = alpha_atomic_file_open(&f, path, NULL, logger);
    if (r != ALPHA_OK) return r;
    alpha_atomic_file_write(&f, hdr, sizeof hdr);
    o = 0;
    for (i = 0; i < count; i++) {
        if (el == 2) {
            buf[o] = (unsigned char)tokens[i];
            buf[o + 1] = (unsigned char)(tokens[i] >> 8);
        } else {
            alpha__tr_put_u32(buf + o, (uint32_t)tokens[i]);
        }
        o += el;
        if (o == sizeof buf) {
            alpha_atomic_file_write(&f, buf, o);
            o = 0;
        }
    }
    if (o) alpha_atomic_file_write(&f, buf, o);
    return alpha_atomic_file_commit(&f);
}

ALPHA_API alpha_result alpha_token_file_parse(const void *data, size_t size, const alpha_allocator *allocator,
                                              const alpha_logger *logger, int32_t **out_tokens, size_t *out_count,
                                              int32_t *out_vocab_size, char *err, size_t err_cap) {
    const unsigned char *p = (const unsigned char *)data;
    uint32_t version, dtype;
    uint64_t count, vocab, i;
    size_t el;
    int32_t *tok;
    if (out_tokens) *out_tokens = NULL;
    if (out_count) *out_count = 0;
    if (out_vocab_size) *out_vocab_size = 0;
    if (!out_tokens || (!data && size)) {
        alpha__tr_report(logger, ALPHA_LOG_ERROR, err, err_cap, NULL, 0, "alpha_token_file_parse: NULL %s", out_tokens ? "data" : "out_tokens");
        return ALPHA_ERR_INVALID;
    }
    if (size < ALPHA_TOKEN_FILE_HEADER_SIZE || memcmp(p, alpha__tkn_magic, 8) != 0) {
        alpha__tr_report(logger, ALPHA_LOG_ERROR, err, err_cap, NULL, 0,
                         "alpha_token_file_parse: not an alpha token file (%lu bytes; it must start with \"ALPHATKN\" and a 32-byte header)",
                         (unsigned long)size);
        return ALPHA_ERR_FORMAT;
    }
    version = alpha__tr_get_u32(p + 8);
    dtype = alpha__tr_get_u32(p + 12);
    count = alpha__tr_get_u64(p + 16);
    vocab = alpha__tr_get_u64(p + 24);
    if (version != 1) {
        alpha__tr_report(logger, ALPHA_LOG_ERROR, err, err_cap, NULL, 0,
                         "alpha_token_file_parse: format version %lu is not supported (this build reads version 1)", (unsigned long)version);
        return ALPHA_ERR_UNSUPPORTED;
    }
    if (dtype != ALPHA_TOKEN_U16 && dtype != ALPHA_TOKEN_I32) {
        alpha__tr_report(logger, ALPHA_LOG_ERROR, err, err_cap, NULL, 0,
                         "alpha_token_file_parse: dtype %lu is not 1 (uint16) or 2 (int32)", (unsigned long)dtype);
        return ALPHA_ERR_FORMAT;
    }
    if (vocab > (uint64_t)INT32_MAX) {
        alpha__tr_report(logger, ALPHA_LOG_ERROR, err, err_cap, NULL, 0,
                         "alpha_token_file_parse: vocab_size %llu is larger than 2^31-1", (unsigned long long)vocab);
        return ALPHA_ERR_FORMAT;
    }
    el = dtype == ALPHA_TOKEN_U16 ? 2 : 4;
    if (count > (uint64_t)(size - ALPHA_TOKEN_FILE_HEADER_SIZE) / el ||
        count * el != (uint64_t)(size - ALPHA_TOKEN_FILE_HEADER_SIZE)) {
        alpha__tr_report(logger, ALPHA_LOG_ERROR, err, err_cap, NULL, 0,
                         "alpha_token_file_parse: header says %llu tokens of %lu bytes but the file has %lu data bytes (truncated or padded)",
                         (unsigned long long)count, (unsigned long)el, (unsigned long)(size - ALPHA_TOKEN_FILE_HEADER_SIZE));
        return ALPHA_ERR_FORMAT;
    }
    tok = (int32_t *)alpha__tr_alloc(allocator, (size_t)(count ? count : 1) * sizeof(int32_t));
    if (!tok) {
        alpha__tr_report(logger, ALPHA_LOG_ERROR, err, err_cap, NULL, 0, "alpha_token_file_parse: out of memory for %llu tokens",
                         (unsigned long long)count);
        return ALPHA_ERR_OOM;
    }
    p += ALPHA_TOKEN_FILE_HEADER_SIZE;
    for (i = 0; i < count; i++) {
        int64_t v = el == 2 ? (int64_t)((uint32_t)p[2 * i] | ((uint32_t)p[2 * i + 1] << 8))
                            : (int64_t)(int32_t)alpha__tr_get_u32(p + 4 * i);
        if (v < 0 || (vocab && (uint64_t)v >= vocab)) {
            alpha__tr_free(allocator, tok);
            alpha__tr_report(logger, ALPHA_LOG_ERROR, err, err_cap, NULL, 0,
                             "alpha_token_file_parse: token %llu has value %lld outside [0, %llu)", (unsigned long long)i,
                             (long long)v, (unsigned long long)(vocab ? vocab : (uint64_t)INT32_MAX + 1));
            return ALPHA_ERR_FORMAT;
        }
        tok[i] = (int32_t)v;
    }
    *out_tokens = tok;
    if (out_count) *out_count = (size_t)count;
    if (out_vocab_size) *out_vocab_size = (int32_t)vocab;
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_token_file_load(const char *path, const alpha_allocator *allocator,
                                             const alpha_logger *logger, int32_t **out_tokens, size_t *out_count,
                                             int32_t *out_vocab_size, char *err, size_t err_cap) {
    char *data = NULL;
    size_t size = 0;
    alpha_result r;
    char why[512];
    alpha_logger quiet;
    if (out_tokens) *out_tokens = NULL;
    if (!path) {
        alpha__tr_report(logger, ALPHA_LOG_ERROR, err, err_cap, NULL, 0, "alpha_token_file_load: NULL path");
        return ALPHA_ERR_INVALID;
    }
    r = alpha_train_read_file(path, (size_t)-1 / 2, allocator, logger, &data, &size, err, err_cap);
    if (r != ALPHA_OK) return r;
    memset(&quiet, 0, sizeof quiet);
    quiet.func = alpha__tr_quiet; /* parse silently, then log once with the path */
    why[0] = 0;
    r = alpha_token_file_parse(data, size, allocator, &quiet, out_tokens, out_count, out_vocab_size, why, sizeof why);
    alpha__tr_free(allocator, data);
    if (r != ALPHA_OK) {
        const char *msg = strncmp(why, "alpha_token_file_parse: ", 24) == 0 ? why + 24 : why;
        alpha__tr_report(logger, ALPHA_LOG_ERROR, err, err_cap, NULL, 0, "alpha_token_file_load: '%.256s': %s", path, msg);
    }
    return r;
}

struct alpha_data {
    alpha_allocator allocator;
    alpha_logger logger;
    char error[256];
    const int32_t *tokens;
    int32_t *owned;
    size_t count, n_train, n_val;
    int32_t B, T;
    uint64_t seed, step, val_pos;
};

static alpha_result alpha__data_fail(alpha_data *d, alpha_result r, const char *fmt, ...) ALPHA__TR_PRINTF(3, 4);
static alpha_result alpha__data_fail(alpha_data *d, alpha_result r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    alpha__tr_vreport(&d->logger, ALPHA_LOG_ERROR, d->error, sizeof d->error, NULL, 0, fmt, ap);
    va_end(ap);
    return r;
}

ALPHA_API alpha_result alpha_data_create(const alpha_data_desc *desc, const int32_t *tokens, size_t count, alpha_data **out) {
    alpha_data_desc dd;
    alpha_data *d;
    double vf;
    size_t i, need;
    if (out) *out = NULL;
    memset(&dd, 0, sizeof dd);
    if (desc) dd = *desc;
    if (!out || (!tokens && count)) {
        alpha__tr_log(&dd.logger, ALPHA_LOG_ERROR, "alpha_data_create: NULL %s", out ? "tokens" : "out");
        return ALPHA_ERR_INVALID;
    }
    if (dd.batch_size == 0) dd.batch_size = 8;
    if (dd.seq_len == 0) dd.seq_len = 64;
    if (dd.batch_size < 0 || dd.seq_len < 0 || dd.batch_size > (1 << 20) || dd.seq_len > (1 << 24) ||
        (size_t)dd.batch_size * (size_t)dd.seq_len > ((size_t)1 << 31)) {
        alpha__tr_log(&dd.logger, ALPHA_LOG_ERROR, "alpha_data_create: batch_size %ld x seq_len %ld is invalid",
                      (long)dd.batch_size, (long)dd.seq_len);
        return ALPHA_ERR_INVALID;
    }
    vf = dd.val_fraction == 0 ? 0.1 : (dd.val_fraction < 0 ? 0 : dd.val_fraction);
    if (!(vf >= 0 && vf < 1)) {
        alpha__tr_log(&dd.logger, ALPHA_LOG_ERROR, "alpha_data_create: val_fraction %g must be < 1", dd.val_fraction);
        return ALPHA_ERR_INVALID;
    }
    if (dd.vocab_size < 0) {
        alpha__tr_log(&dd.logger, ALPHA_LOG_ERROR, "alpha_data_create: vocab_size %ld is negative", (long)dd.vocab_size);
        return ALPHA_ERR_INVALID;
    }
    for (i = 0; i < count; i++) {
        if (tokens[i] < 0 || (dd.vocab_size > 0 && tokens[i] >= dd.vocab_size)) {
            alpha__tr_log(&dd.logger, ALPHA_LOG_ERROR, "alpha_data_create: tokens[%lu] = %ld is outside [0, %ld)", (unsigned long)i,
                          (long)tokens[i], (long)(dd.vocab_size > 0 ? dd.vocab_size : INT32_MAX));
            return ALPHA_ERR_INVALID;
        }
    }
    d = (alpha_data *)alpha__tr_alloc(&dd.allocator, sizeof *d);
    if (!d) {
        alpha__tr_log(&dd.logger, ALPHA_LOG_ERROR, "alpha_data_create: out of memory");
        return ALPHA_ERR_OOM;
    }
    memset(d, 0, sizeof *d);
    d->allocator = dd.allocator;
    d->logger = dd.logger;
    d->B = dd.batch_size;
    d->T = dd.seq_len;
    d->seed = dd.seed;
    d->count = count;
    d->n_val = (size_t)((double)count * vf);
    if (d->n_val > count) d->n_val = count;
    d->n_train = count - d->n_val;
    need = (size_t)d->T + 1;
    if (d->n_train < need) {
        alpha__tr_log(&dd.logger, ALPHA_LOG_ERROR,
                      "alpha_data_create: the train split has %lu tokens (of %lu, val_fraction %g) but seq_len %ld needs at least %lu",
                      (unsigned long)d->n_train, (unsigned long)count, vf, (long)d->T, (unsigned long)need);
        alpha__tr_free(&dd.allocator, d);
        return ALPHA_ERR_INVALID;
    }
    if (d->n_val > 0 && d->n_val < need)
        alpha__tr_log(&dd.logger, ALPHA_LOG_WARN,
                      "alpha_data_create: the validation split has %lu tokens, fewer than seq_len+1 = %lu: no validation windows",
                      (unsigned long)d->n_val, (unsigned long)need);
    if (dd.borrow) {
        d->tokens = tokens;
    } else {
        d->owned = (int32_t *)alpha__tr_alloc(&dd.allocator, (count ? count : 1) * sizeof(int32_t));
        if (!d->owned) {
            alpha__tr_log(&dd.logger, ALPHA_LOG_ERROR, "alpha_data_create: out of memory copying %lu tokens", (unsigned long)count);
            alpha__tr_free(&dd.allocator, d);
            return ALPHA_ERR_OOM;
        }
        if (count) memcpy(d->owned, tokens, count * sizeof(int32_t));
        d->tokens = d->owned;
    }
    *out = d;
    return ALPHA_OK;
}

ALPHA_API void alpha_data_free(alpha_data *d) {
    alpha_allocator a;
    if (!d) return;
    a = d->allocator;
    alpha__tr_free(&a, d->owned);
    alpha__tr_free(&a, d);
}

ALPHA_API const char *alpha_data_last_error(const alpha_data *d) { return d ? d->error : "NULL data loader"; }
ALPHA_API size_t alpha_data_train_tokens(const alpha_data *d) { return d ? d->n_train : 0; }
ALPHA_API size_t alpha_data_val_tokens(const alpha_data *d) { return d ? d->n_val : 0; }

/* Start of window `row` of batch `step`: uniform in [0, n_train - T), a pure function of (seed, step, row). */
static size_t alpha__data_start(const alpha_data *d, uint64_t step, int32_t row) {
    uint64_t range = (uint64_t)(d->n_train - (size_t)d->T); /* number of valid starts */
    uint64_t threshold = (0 - range) % range;                 /* rejection for an unbiased modulo */
    uint64_t x = alpha__tr_mix64(d->seed ^ alpha__tr_mix64(step * (uint64_t)d->B + (uint64_t)row));
    while (x < threshold) x = alpha__tr_mix64(x);
    return (size_t)(x % range);
}

ALPHA_API alpha_result alpha_data_batch_at(const alpha_data *d, uint64_t step, int32_t *x, int32_t *y) {
    int32_t b;
    if (!d) return ALPHA_ERR_INVALID;
    if (!x || !y) {
        alpha__tr_log(&d->logger, ALPHA_LOG_ERROR, "alpha_data_batch_at: NULL %s", x ? "y" : "x");
        return ALPHA_ERR_INVALID;
    }
    for (b = 0; b < d->B; b++) {
        size_t s = alpha__data_start(d, step, b);
        const int32_t *src = d->tokens + s;
        memcpy(x + (size_t)b * (size_t)d->T, src, (size_t)d->T * sizeof(int32_t));
        memcpy(y + (size_t)b * (size_t)d->T, src + 1, (size_t)d->T * sizeof(int32_t));
    }
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_data_next_batch(alpha_data *d, int32_t *x, int32_t *y) {
    alpha_result r;
    if (!d) return ALPHA_ERR_INVALID;
    if (!x || !y) return alpha__data_fail(d, ALPHA_ERR_INVALID, "alpha_data_next_batch: NULL %s", x ? "y" : "x");
    r = alpha_data_batch_at(d, d->step, x, y);
    if (r == ALPHA_OK) d->step++;
    return r;
}

ALPHA_API void alpha_data_get_state(const alpha_data *d, alpha_data_state *out) {
    if (!out) return;
    memset(out, 0, sizeof *out);
    if (!d) return;
    out->seed = d->seed;
    out->step = d->step;
    out->val_pos = d->val_pos;
    out->train_tokens = d->n_train;
}

ALPHA_API alpha_result alpha_data_set_state(alpha_data *d, const alpha_data_state *s) {
    if (!d) return ALPHA_ERR_INVALID;
    if (!s) return alpha__data_fail(d, ALPHA_ERR_INVALID, "alpha_data_set_state: NULL state");
    if (s->train_tokens != (uint64_t)d->n_train)
        return alpha__data_fail(d, ALPHA_ERR_INVALID,
                                "alpha_data_set_state: the state is for a train split of %llu tokens, this loader has %llu (different data or val_fraction?)",
                                (unsigned long long)s->train_tokens, (unsigned long long)d->n_train);
    if (s->val_pos > (uint64_t)d->n_val)
        return alpha__data_fail(d, ALPHA_ERR_INVALID, "alpha_data_set_state: val_pos %llu is past the validation split (%llu tokens)",
                                (unsigned long long)s->val_pos, (unsigned long long)d->n_val);
    d->seed = s->seed;
    d->step = s->step;
    d->val_pos = s->val_pos;
    return ALPHA_OK;
}

ALPHA_API size_t alpha_data_val_windows(const alpha_data *d) {
    if (!d || d->n_val < (size_t)d->T + 1) return 0;
    return (d->n_val - 1) / (size_t)d->T;
}

ALPHA_API void alpha_data_val_reset(alpha_data *d) { if (d) d->val_pos = 0; }

ALPHA_API alpha_result alpha_data_val_next(alpha_data *d, int32_t *x, int32_t *y, int32_t *out_rows) {
    int32_t rows = 0;
    const int32_t *val;
    if (out_rows) *out_rows = 0;
    if (!d) return ALPHA_ERR_INVALID;
    if (!x || !y || !out_rows) return alpha__data_fail(d, ALPHA_ERR_INVALID, "alpha_data_val_next: NULL %s", !x ? "x" : !y ? "y" : "out_rows");
    val = d->tokens + d->n_train;
    while (rows < d->B && d->val_pos + (uint64_t)d->T + 1 <= (uint64_t)d->n_val) {
        memcpy(x + (size_t)rows * (size_t)d->T, val + d->val_pos, (size_t)d->T * sizeof(int32_t));
        memcpy(y + (size_t)rows * (size_t)d->T, val + d->val_pos + 1, (size_t)d->T * sizeof(int32_t));
        d->val_pos += (uint64_t)d->T;
        rows++;
    }
    *out_rows = rows;
    return ALPHA_OK;
}

/* =========================================================================================
   SECTION 5 (implementation): METRICS (JSONL) AND THE PROGRESS LINE
   ========================================================================================= */

struct alpha_metrics {
    alpha_allocator allocator;
    alpha_logger logger;
    char error[256];
    FILE *f;
    char *path;
    alpha_json_writer w;
    int in_line;
};

static alpha_result alpha__met_fail(alpha_metrics *m, alpha_result r, const char *fmt, ...) ALPHA__TR_PRINTF(3, 4);
static alpha_result alpha__met_fail(alpha_metrics *m, alpha_result r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    alpha__tr_vreport(&m->logger, ALPHA_LOG_ERROR, m->error, sizeof m->error, NULL, 0, fmt, ap);
    va_end(ap);
    return r;
}

ALPHA_API alpha_result alpha_metrics_open(const alpha_metrics_desc *desc, alpha_metrics **out) {
    alpha_metrics_desc d;
    alpha_metrics *m;
    const char *dir, *name;
    size_t n;
    alpha_result r;
    alpha_json_writer_desc wd;
    if (out) *out = NULL;
    memset(&d, 0, sizeof d);
    if (desc) d = *desc;
    if (!out) {
        alpha__tr_log(&d.logger, ALPHA_LOG_ERROR, "alpha_metrics_open: NULL out");
        return ALPHA_ERR_INVALID;
    }
    dir = d.run_dir && *d.run_dir ? d.run_dir : "runs/default";
    name = d.file_name && *d.file_name ? d.file_name : "metrics.jsonl";
    if (strchr(name, '/') || strchr(name, '\\')) {
        alpha__tr_log(&d.logger, ALPHA_LOG_ERROR, "alpha_metrics_open: file_name '%s' must not contain a directory", name);
        return ALPHA_ERR_INVALID;
    }
    r = alpha_train_mkdirs(dir, &d.logger);
    if (r != ALPHA_OK) return r;
    m = (alpha_metrics *)alpha__tr_alloc(&d.allocator, sizeof *m);
    if (!m) {
        alpha__tr_log(&d.logger, ALPHA_LOG_ERROR, "alpha_metrics_open: out of memory");
        return ALPHA_ERR_OOM;
    }
    memset(m, 0, sizeof *m);
    m->allocator = d.allocator;
    m->logger = d.logger;
    n = strlen(dir) + strlen(name) + 2;
    m->path = (char *)alpha__tr_alloc(&m->allocator, n);
    if (!m->path) {
        alpha__tr_free(&m->allocator, m);
        alpha__tr_log(&d.logger, ALPHA_LOG_ERROR, "alpha_metrics_open: out of memory");
        return ALPHA_ERR_OOM;
    }
    snprintf(m->path, n, "%s/%s", dir, name);
    m->f = fopen(m->path, d.append ? "ab" : "wb");
    if (!m->f) {
        alpha__tr_log(&d.logger, ALPHA_LOG_ERROR, "alpha_metrics_open: cannot open '%s': %s", m->path, strerror(errno));
        alpha__tr_free(&m->allocator, m->path);
        alpha__tr_free(&m->allocator, m);
        return ALPHA_ERR_IO;
    }
    memset(&wd, 0, sizeof wd);
    wd.allocator = m->allocator;
    alpha_json_writer_init(&m->w, &wd);
    *out = m;
    return ALPHA_OK;
}

ALPHA_API alpha_json_writer *alpha_metrics_begin_line(alpha_metrics *m, const alpha_metrics_record *rec) {
    if (!m) return NULL;
    if (!rec) {
        alpha__met_fail(m, ALPHA_ERR_INVALID, "alpha_metrics_begin_line: NULL record");
        return NULL;
    }
    alpha_json_writer_reset(&m->w);
    alpha_json_object_begin(&m->w);
    alpha_json_kv_int(&m->w, "step", rec->step);
    alpha_json_kv_double(&m->w, "loss", rec->loss);
    alpha_json_kv_double(&m->w, "lr", rec->lr);
    alpha_json_kv_double(&m->w, "grad_norm", rec->grad_norm);
    alpha_json_kv_double(&m->w, "tok_s", rec->tok_s);
    alpha_json_kv_double(&m->w, "ms", rec->ms);
    if (rec->has_val_loss) alpha_json_kv_double(&m->w, "val_loss", rec->val_loss);
    m->in_line = 1;
    return &m->w;
}

ALPHA_API alpha_result alpha_metrics_end_line(alpha_metrics *m) {
    const char *text;
    size_t n = 0;
    if (!m) return ALPHA_ERR_INVALID;
    if (!m->in_line) return alpha__met_fail(m, ALPHA_ERR_STATE, "alpha_metrics_end_line: no line begun");
    m->in_line = 0;
    alpha_json_object_end(&m->w);
    text = alpha_json_writer_finish(&m->w, &n);
    if (!text) return alpha__met_fail(m, m->w.status, "alpha_metrics_end_line: %s", m->w.error);
    if (fwrite(text, 1, n, m->f) != n || fputc('\n', m->f) == EOF || fflush(m->f) != 0)
        return alpha__met_fail(m, ALPHA_ERR_IO, "alpha_metrics_end_line: writing '%s' failed: %s", m->path, strerror(errno));
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_metrics_log(alpha_metrics *m, const alpha_metrics_record *rec) {
    if (!m) return ALPHA_ERR_INVALID;
    if (!alpha_metrics_begin_line(m, rec)) return ALPHA_ERR_INVALID;
    return alpha_metrics_end_line(m);
}

ALPHA_API const char *alpha_metrics_path(const alpha_metrics *m) { return m ? m->path : NULL; }
ALPHA_API const char *alpha_metrics_last_error(const alpha_metrics *m) { return m ? m->error : "NULL metrics"; }

ALPHA_API void alpha_metrics_close(alpha_metrics *m) {
    alpha_allocator a;
    if (!m) return;
    a = m->allocator;
    if (m->f) fclose(m->f);
    alpha_json_writer_free(&m->w);
    alpha__tr_free(&a, m->path);
    alpha__tr_free(&a, m);
}

static int alpha__tr_isatty_file(FILE *f) {
#ifdef _WIN32
    if (f == stdout) return _isatty(1) != 0;
    if (f == stderr) return _isatty(2) != 0;
#else
    if (f == stdout) return isatty(1) != 0;
    if (f == stderr) return isatty(2) != 0;
#endif
    return 0;
}

ALPHA_API void alpha_progress_init(alpha_progress *p, const alpha_progress_desc *desc) {
    alpha_progress_desc d;
    if (!p) return;
    memset(&d, 0, sizeof d);
    if (desc) d = *desc;
    memset(p, 0, sizeof *p);
    p->out = d.out ? d.out : stderr;
    p->tty = d.mode == 1 ? 1 : d.mode == 2 ? 0 : alpha__tr_isatty_file(p->out);
    p->total = d.total > 0 ? d.total : 0;
    p->start_step = d.start_step;
    alpha__tr_copy_str(p->label, sizeof p->label, d.label ? d.label : "train");
    p->interval_s = d.interval_s > 0 ? d.interval_s : 10.0;
    p->t0 = alpha_train_now();
    p->last_print = p->t0;
}

static void alpha__tr_duration(char *buf, size_t cap, double s) {
    long v;
    if (!(s >= 0) || s > 1e9) { snprintf(buf, cap, "?"); return; }
    v = (long)(s + 0.5);
    if (v < 60) snprintf(buf, cap, "%lds", v);
    else if (v < 3600) snprintf(buf, cap, "%ldm%02lds", v / 60, v % 60);
    else if (v < 86400) snprintf(buf, cap, "%ldh%02ldm", v / 3600, (v % 3600) / 60);
    else snprintf(buf, cap, "%ldd%02ldh", v / 86400, (v % 86400) / 3600);
}

ALPHA_API size_t alpha_progress_format(char *buf, size_t cap, const char *label, int64_t step, int64_t total,
                                       int64_t start_step, double loss, double tok_s, double elapsed_s) {
    char head[96], rate[32], el[32], eta[32], lossb[32];
    int n;
    if (total > 0)
        snprintf(head, sizeof head, "%s %lld/%lld %.1f%%", label ? label : "train", (long long)step, (long long)total,
                 100.0 * (double)step / (double)total);
    else
        snprintf(head, sizeof head, "%s %lld", label ? label : "train", (long long)step);
    if (loss == loss) snprintf(lossb, sizeof lossb, "%.4f", loss);
    else snprintf(lossb, sizeof lossb, "nan");
    if (!(tok_s >= 0)) snprintf(rate, sizeof rate, "-");
    else if (tok_s < 1000) snprintf(rate, sizeof rate, "%.0f", tok_s);
    else if (tok_s < 1e6) snprintf(rate, sizeof rate, "%.1fk", tok_s / 1e3);
    else snprintf(rate, sizeof rate, "%.2fM", tok_s / 1e6);
    alpha__tr_duration(el, sizeof el, elapsed_s);
    if (total > 0 && step > start_step && elapsed_s > 0)
        alpha__tr_duration(eta, sizeof eta, elapsed_s / (double)(step - start_step) * (double)(total - step));
    else
        snprintf(eta, sizeof eta, "?");
    if (total > 0)
        n = snprintf(buf, cap, "%s | loss %s | %s tok/s | elapsed %s | ETA %s", head, lossb, rate, el, eta);
    else
        n = snprintf(buf, cap, "%s | loss %s | %s tok/s | elapsed %s", head, lossb, rate, el);
    return n < 0 ? 0 : (size_t)n;
}

ALPHA_API void alpha_progress_update(alpha_progress *p, int64_t step, double loss, double tok_s) {
    char line[256];
    double now;
    int last, len;
    if (!p || !p->out) return;
    now = alpha_train_now();
    last = p->total > 0 && step >= p->total;
    if (p->printed && !last && now - p->last_print < (p->tty ? 0.1 : p->interval_s)) return;
    len = (int)alpha_progress_format(line, sizeof line, p->label, step, p->total, p->start_step, loss, tok_s, now - p->t0);
    if (len > (int)sizeof line - 1) len = (int)sizeof line - 1;
    if (p->tty) {
        /* overwrite the previous line; pad with spaces if the new one is shorter */
        fprintf(p->out, "\r%s%*s", line, p->last_len > len ? p->last_len - len : 0, "");
        p->last_len = len;
    } else {
        fprintf(p->out, "%s\n", line);
    }
    fflush(p->out);
    p->printed = 1;
    p->last_print = now;
}

ALPHA_API void alpha_progress_finish(alpha_progress *p) {
    if (!p || !p->out) return;
    if (p->tty && p->printed) {
        fputc('\n', p->out);
        fflush(p->out);
    }
    p->printed = 0;
    p->last_len = 0;
}

/* =========================================================================================
   SECTION 6 (implementation): LOSS PLOT (SVG)
   ========================================================================================= */

typedef struct alpha__plot_series {
    double *x, *y;
    size_t n, cap;
} alpha__plot_series;

static int alpha__plot_add(const alpha_allocator *a, alpha__plot_series *s, double x, double y) {
    if (s->n == s->cap) {
        size_t c1 = s->cap, c2 = s->cap;
        void *q = s->x;
        if (!alpha__tr_grow(a, &q, &c1, s->n + 1, sizeof(double))) return 0;
        s->x = (double *)q;
        q = s->y;
        if (!alpha__tr_grow(a, &q, &c2, s->n + 1, sizeof(double))) return 0;
        s->y = (double *)q;
        s->cap = c1;
    }
    s->x[s->n] = x;
    s->y[s->n] = y;
    s->n++;
    return 1;
}

static void alpha__svg_printf(alpha_json_writer *w, const char *fmt, ...) ALPHA__TR_PRINTF(2, 3);
static void alpha__svg_printf(alpha_json_writer *w, const char *fmt, ...) {
    char buf[1024];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    alpha__jw_put(w, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* A coordinate with '.' as decimal point whatever the locale. */
static const char *alpha__svg_num(char *buf, size_t cap, double v) {
    char dp = alpha__tr_decimal_point(), *c;
    snprintf(buf, cap, "%.1f", v);
    if (dp != '.') for (c = buf; *c; c++) if (*c == dp) *c = '.';
    return buf;
}

static void alpha__svg_text(alpha_json_writer *w, const char *s) {
    for (; *s; s++) {
        switch (*s) {
        case '&': alpha__jw_puts(w, "&amp;"); break;
        case '<': alpha__jw_puts(w, "&lt;"); break;
        case '>': alpha__jw_puts(w, "&gt;"); break;
        case '"': alpha__jw_puts(w, "&quot;"); break;
        default:
            if ((unsigned char)*s >= 0x20) alpha__jw_put(w, s, 1);
        }
    }
}

static double alpha__plot_nice(double x, int round_it) {
    double e = floor(log10(x)), f = x / pow(10.0, e), nf;
    if (round_it) nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    else nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nf * pow(10.0, e);
}

static void alpha__plot_label(char *buf, size_t cap, double v) {
    char dp = alpha__tr_decimal_point(), *c;
    if (fabs(v) < 1e-12) v = 0;
    if (fabs(v) >= 1e6) snprintf(buf, cap, "%gM", v / 1e6);
    else if (fabs(v) >= 1e4) snprintf(buf, cap, "%gk", v / 1e3);
    else snprintf(buf, cap, "%g", v);
    if (dp != '.') for (c = buf; *c; c++) if (*c == dp) *c = '.';
}

static void alpha__svg_polyline(alpha_json_writer *w, const alpha__plot_series *s, size_t stride, double (*fx)(const void *, double),
                                double (*fy)(const void *, double), const void *ctx, const char *style) {
    size_t i;
    char a[32], b[32];
    if (s->n == 0) return;
    alpha__svg_printf(w, "<polyline clip-path=\"url(#plotarea)\" fill=\"none\" %s points=\"", style);
    for (i = 0; i < s->n; i += stride) {
        alpha__svg_printf(w, "%s%s,%s", i ? " " : "", alpha__svg_num(a, sizeof a, fx(ctx, s->x[i])),
                          alpha__svg_num(b, sizeof b, fy(ctx, s->y[i])));
    }
    if ((s->n - 1) % stride) {
        i = s->n - 1;
        alpha__svg_printf(w, " %s,%s", alpha__svg_num(a, sizeof a, fx(ctx, s->x[i])), alpha__svg_num(b, sizeof b, fy(ctx, s->y[i])));
    }
    alpha__jw_puts(w, "\"/>\n");
}

typedef struct alpha__plot_map {
    double x0, x1, y0, y1;    /* data range */
    double px0, px1, py0, py1; /* pixel range (py0 = bottom) */
    int log_y;
} alpha__plot_map;

static double alpha__plot_fx(const void *ctx, double x) {
    const alpha__plot_map *m = (const alpha__plot_map *)ctx;
    return m->px0 + (x - m->x0) / (m->x1 - m->x0) * (m->px1 - m->px0);
}

static double alpha__plot_fy(const void *ctx, double y) {
    const alpha__plot_map *m = (const alpha__plot_map *)ctx;
    double v = m->log_y ? log10(y > 1e-300 ? y : 1e-300) : y;
    return m->py0 + (v - m->y0) / (m->y1 - m->y0) * (m->py1 - m->py0);
}

ALPHA_API alpha_result alpha_plot_loss_svg(const alpha_plot_desc *desc, const char *jsonl, size_t len, char **out_svg,
                                           size_t *out_len) {
    alpha_plot_desc d;
    alpha__plot_series tr, va, sm;
    alpha_json_writer w;
    alpha_json_writer_desc wd;
    alpha__plot_map mp;
    size_t i = 0, bad = 0, stride;
    double ymin = HUGE_VAL, ymax = -HUGE_VAL, xmin = HUGE_VAL, xmax = -HUGE_VAL, xstep, ystep, t, smooth, yt[64];
    int W, H, ntick, nyt;
    const char *title;
    alpha_result r = ALPHA_OK;
    char a[32], b[32], c[32], e[32], lab[32];
    alpha_json_parse_desc pd;
    memset(&d, 0, sizeof d);
    if (desc) d = *desc;
    if (out_svg) *out_svg = NULL;
    if (out_len) *out_len = 0;
    if (!out_svg || (!jsonl && len)) {
        alpha__tr_log(&d.logger, ALPHA_LOG_ERROR, "alpha_plot_loss_svg: NULL %s", out_svg ? "jsonl" : "out_svg");
        return ALPHA_ERR_INVALID;
    }
    W = d.width > 0 ? d.width : 800;
    H = d.height > 0 ? d.height : 480;
    if (W < 200 || H < 150 || W > 20000 || H > 20000) {
        alpha__tr_log(&d.logger, ALPHA_LOG_ERROR, "alpha_plot_loss_svg: size %dx%d outside 200x150..20000x20000", W, H);
        return ALPHA_ERR_INVALID;
    }
    title = d.title ? d.title : "training loss";
    smooth = d.smooth == 0 ? 0.9 : d.smooth;
    if (smooth >= 1) smooth = 0.99;
    memset(&tr, 0, sizeof tr);
    memset(&va, 0, sizeof va);
    memset(&sm, 0, sizeof sm);
    memset(&pd, 0, sizeof pd);
    pd.allocator = d.allocator;
    pd.max_depth = 16;
    while (i < len) {
        size_t j = i;
        alpha_json *root = NULL;
        while (j < len && jsonl[j] != '\n') j++;
        {
            size_t k = i;
            while (k < j && (jsonl[k] == ' ' || jsonl[k] == '\t' || jsonl[k] == '\r')) k++;
            if (k < j) {
                if (alpha__json_parse(jsonl + i, j - i, &pd, &root, NULL, 0, 1, 1) == ALPHA_OK && root->type == ALPHA_JSON_OBJECT &&
                    alpha_json_get(root, "step") && alpha_json_get(root, "step")->type == ALPHA_JSON_NUMBER) {
                    double x = alpha_json_get(root, "step")->number;
                    const alpha_json *lv = alpha_json_get(root, "loss"), *vv = alpha_json_get(root, "val_loss");
                    if (lv && lv->type == ALPHA_JSON_NUMBER && (!d.log_y || lv->number > 0))
                        if (!alpha__plot_add(&d.allocator, &tr, x, lv->number)) r = ALPHA_ERR_OOM;
                    if (vv && vv->type == ALPHA_JSON_NUMBER && (!d.log_y || vv->number > 0))
                        if (!alpha__plot_add(&d.allocator, &va, x, vv->number)) r = ALPHA_ERR_OOM;
                } else {
                    bad++;
                }
                alpha_json_free(root);
            }
        }
        i = j + 1;
    }
    if (bad) alpha__tr_log(&d.logger, ALPHA_LOG_WARN, "alpha_plot_loss_svg: skipped %lu malformed lines", (unsigned long)bad);
    if (r == ALPHA_OK && tr.n + va.n == 0) {
        alpha__tr_log(&d.logger, ALPHA_LOG_ERROR, "alpha_plot_loss_svg: no lines with \"step\" and \"loss\" or \"val_loss\" found");
        r = ALPHA_ERR_FORMAT;
    }
    /* smoothed train curve: debiased EMA */
    if (r == ALPHA_OK && smooth > 0 && tr.n >= 10) {
        double ema = 0, pw = 1;
        for (i = 0; i < tr.n && r == ALPHA_OK; i++) {
            ema = smooth * ema + (1 - smooth) * tr.y[i];
            pw *= smooth;
            if (!alpha__plot_add(&d.allocator, &sm, tr.x[i], ema / (1 - pw))) r = ALPHA_ERR_OOM;
        }
    }
    if (r != ALPHA_OK) goto done;
    for (i = 0; i < tr.n; i++) {
        if (tr.x[i] < xmin) xmin = tr.x[i];
        if (tr.x[i] > xmax) xmax = tr.x[i];
        if (tr.y[i] < ymin) ymin = tr.y[i];
        if (tr.y[i] > ymax) ymax = tr.y[i];
    }
    for (i = 0; i < va.n; i++) {
        if (va.x[i] < xmin) xmin = va.x[i];
        if (va.x[i] > xmax) xmax = va.x[i];
        if (va.y[i] < ymin) ymin = va.y[i];
        if (va.y[i] > ymax) ymax = va.y[i];
    }
    if (xmin > 0 && xmin < (xmax - xmin) * 0.2) xmin = 0;
    if (xmax - xmin <= 0) { xmin -= 1; xmax += 1; }
    if (d.log_y) { ymin = log10(ymin); ymax = log10(ymax); }
    if (ymax - ymin <= 0) { ymin -= 0.5; ymax += 0.5; }

    memset(&mp, 0, sizeof mp);
    mp.log_y = d.log_y;
    mp.px0 = 70; mp.px1 = W - 20; mp.py0 = H - 50; mp.py1 = 40;
    xstep = alpha__plot_nice(alpha__plot_nice(xmax - xmin, 0) / 6, 1);
    mp.x0 = floor(xmin / xstep) * xstep;
    mp.x1 = ceil(xmax / xstep) * xstep;
    nyt = 0;
    if (d.log_y) {
        /* ticks at 1, 2, 5 x 10^k over short ranges, decades over long ones; the axis ends on ticks */
        double k, lo = floor(ymin), hi = ceil(ymax);
        int dense = hi - lo <= 2, q;
        static const double mult[3] = {1, 2, 5};
        mp.y0 = lo;
        mp.y1 = hi;
        for (k = lo; k <= hi && nyt < 60; k += 1)
            for (q = 0; q < (dense ? 3 : 1) && nyt < 60; q++) {
                double v = k + log10(mult[q]);
                if (v <= ymin + 1e-12) mp.y0 = v;
                if (v >= ymax - 1e-12 && mp.y1 == hi) mp.y1 = v;
            }
        for (k = lo; k <= hi && nyt < 60; k += 1)
            for (q = 0; q < (dense ? 3 : 1) && nyt < 60; q++) {
                double v = k + log10(mult[q]);
                if (v >= mp.y0 - 1e-9 && v <= mp.y1 + 1e-9) yt[nyt++] = v;
            }
        if (mp.y1 - mp.y0 <= 0) mp.y1 = mp.y0 + 1;
    } else {
        ystep = alpha__plot_nice(alpha__plot_nice(ymax - ymin, 0) / 6, 1);
        mp.y0 = floor(ymin / ystep) * ystep;
        mp.y1 = ceil(ymax / ystep) * ystep;
        for (t = mp.y0; t <= mp.y1 + ystep * 1e-9 && nyt < 60; t += ystep) yt[nyt++] = t;
    }

    memset(&wd, 0, sizeof wd);
    wd.allocator = d.allocator;
    alpha_json_writer_init(&w, &wd);
    alpha__svg_printf(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                          "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n", W, H, W, H);
    alpha__svg_printf(&w, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H);
    alpha__svg_printf(&w, "<defs><clipPath id=\"plotarea\"><rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"/></clipPath></defs>\n",
                      alpha__svg_num(a, sizeof a, mp.px0), alpha__svg_num(b, sizeof b, mp.py1),
                      alpha__svg_num(c, sizeof c, mp.px1 - mp.px0), alpha__svg_num(e, sizeof e, mp.py0 - mp.py1));
    alpha__svg_printf(&w, "<text x=\"%d\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">", W / 2);
    alpha__svg_text(&w, title);
    alpha__jw_puts(&w, "</text>\n<g stroke=\"#e5e5e5\" stroke-width=\"1\">\n");
    /* grid */
    ntick = 0;
    for (t = mp.x0; t <= mp.x1 + xstep * 1e-9 && ntick < 100; t += xstep, ntick++) {
        double px = mp.px0 + (t - mp.x0) / (mp.x1 - mp.x0) * (mp.px1 - mp.px0);
        alpha__svg_printf(&w, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>\n", alpha__svg_num(a, sizeof a, px),
                          alpha__svg_num(b, sizeof b, mp.py0), alpha__svg_num(c, sizeof c, px), alpha__svg_num(e, sizeof e, mp.py1));
    }
    for (ntick = 0; ntick < nyt; ntick++) {
        double py = mp.py0 + (yt[ntick] - mp.y0) / (mp.y1 - mp.y0) * (mp.py1 - mp.py0);
        alpha__svg_printf(&w, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>\n", alpha__svg_num(a, sizeof a, mp.px0),
                          alpha__svg_num(b, sizeof b, py), alpha__svg_num(c, sizeof c, mp.px1), alpha__svg_num(e, sizeof e, py));
    }
    alpha__jw_puts(&w, "</g>\n");
    /* tick labels */
    alpha__jw_puts(&w, "<g fill=\"#333333\">\n");
    ntick = 0;
    for (t = mp.x0; t <= mp.x1 + xstep * 1e-9 && ntick < 100; t += xstep, ntick++) {
        double px = mp.px0 + (t - mp.x0) / (mp.x1 - mp.x0) * (mp.px1 - mp.px0);
        alpha__plot_label(lab, sizeof lab, t);
        alpha__svg_printf(&w, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#333333\"/>", alpha__svg_num(a, sizeof a, px),
                          alpha__svg_num(b, sizeof b, mp.py0), alpha__svg_num(c, sizeof c, px), alpha__svg_num(e, sizeof e, mp.py0 + 5));
        alpha__svg_printf(&w, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\">%s</text>\n", alpha__svg_num(a, sizeof a, px),
                          alpha__svg_num(b, sizeof b, mp.py0 + 19), lab);
    }
    for (ntick = 0; ntick < nyt; ntick++) {
        double py = mp.py0 + (yt[ntick] - mp.y0) / (mp.y1 - mp.y0) * (mp.py1 - mp.py0);
        alpha__plot_label(lab, sizeof lab, d.log_y ? pow(10.0, yt[ntick]) : yt[ntick]);
        alpha__svg_printf(&w, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#333333\"/>", alpha__svg_num(a, sizeof a, mp.px0 - 5),
                          alpha__svg_num(b, sizeof b, py), alpha__svg_num(c, sizeof c, mp.px0), alpha__svg_num(e, sizeof e, py));
        alpha__svg_printf(&w, "<text x=\"%s\" y=\"%s\" text-anchor=\"end\">%s</text>\n", alpha__svg_num(a, sizeof a, mp.px0 - 8),
                          alpha__svg_num(b, sizeof b, py + 4), lab);
    }
    alpha__jw_puts(&w, "</g>\n");
    alpha__svg_printf(&w, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\" stroke=\"#333333\"/>\n",
                      alpha__svg_num(a, sizeof a, mp.px0), alpha__svg_num(b, sizeof b, mp.py1),
                      alpha__svg_num(c, sizeof c, mp.px1 - mp.px0), alpha__svg_num(e, sizeof e, mp.py0 - mp.py1));
    alpha__svg_printf(&w, "<text x=\"%s\" y=\"%d\" text-anchor=\"middle\" font-size=\"13\">step</text>\n",
                      alpha__svg_num(a, sizeof a, (mp.px0 + mp.px1) / 2), H - 12);
    alpha__svg_printf(&w, "<text transform=\"translate(18,%s) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">loss%s</text>\n",
                      alpha__svg_num(a, sizeof a, (mp.py0 + mp.py1) / 2), d.log_y ? " (log scale)" : "");
    /* curves: thin raw train loss, thick smoothed train loss, validation loss with markers */
    stride = tr.n > 4000 ? (tr.n + 3999) / 4000 : 1;
    alpha__svg_polyline(&w, &tr, stride, alpha__plot_fx, alpha__plot_fy, &mp,
                        sm.n ? "stroke=\"#1f77b4\" stroke-opacity=\"0.35\" stroke-width=\"1\"" : "stroke=\"#1f77b4\" stroke-width=\"2\"");
    alpha__svg_polyline(&w, &sm, stride, alpha__plot_fx, alpha__plot_fy, &mp, "stroke=\"#1f77b4\" stroke-width=\"2\"");
    alpha__svg_polyline(&w, &va, 1, alpha__plot_fx, alpha__plot_fy, &mp, "stroke=\"#ff7f0e\" stroke-width=\"2\"");
    if (va.n <= 300) {
        alpha__jw_puts(&w, "<g fill=\"#ff7f0e\">");
        for (i = 0; i < va.n; i++)
            alpha__svg_printf(&w, "<circle cx=\"%s\" cy=\"%s\" r=\"3\"/>", alpha__svg_num(a, sizeof a, alpha__plot_fx(&mp, va.x[i])),
                              alpha__svg_num(b, sizeof b, alpha__plot_fy(&mp, va.y[i])));
        alpha__jw_puts(&w, "</g>\n");
    }
    /* legend, top right inside the plot */
    {
        int items = (tr.n ? 1 : 0) + (sm.n ? 1 : 0) + (va.n ? 1 : 0), k = 0;
        double lx = mp.px1 - 170, ly = mp.py1 + 10;
        alpha__svg_printf(&w, "<rect x=\"%s\" y=\"%s\" width=\"160\" height=\"%d\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#cccccc\"/>\n",
                          alpha__svg_num(a, sizeof a, lx), alpha__svg_num(b, sizeof b, ly), 8 + 18 * items);
        if (tr.n) {
            alpha__svg_printf(&w, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#1f77b4\" stroke-width=\"%s\"%s/>",
                              alpha__svg_num(a, sizeof a, lx + 8), alpha__svg_num(b, sizeof b, ly + 13 + 18 * k),
                              alpha__svg_num(c, sizeof c, lx + 36), alpha__svg_num(e, sizeof e, ly + 13 + 18 * k),
                              sm.n ? "1" : "2", sm.n ? " stroke-opacity=\"0.35\"" : "");
            alpha__svg_printf(&w, "<text x=\"%s\" y=\"%s\">train loss</text>\n", alpha__svg_num(a, sizeof a, lx + 44),
                              alpha__svg_num(b, sizeof b, ly + 17 + 18 * k));
            k++;
        }
        if (sm.n) {
            alpha__svg_printf(&w, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#1f77b4\" stroke-width=\"2\"/>",
                              alpha__svg_num(a, sizeof a, lx + 8), alpha__svg_num(b, sizeof b, ly + 13 + 18 * k),
                              alpha__svg_num(c, sizeof c, lx + 36), alpha__svg_num(e, sizeof e, ly + 13 + 18 * k));
            alpha__svg_printf(&w, "<text x=\"%s\" y=\"%s\">train (smoothed)</text>\n", alpha__svg_num(a, sizeof a, lx + 44),
                              alpha__svg_num(b, sizeof b, ly + 17 + 18 * k));
            k++;
        }
        if (va.n) {
            alpha__svg_printf(&w, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#ff7f0e\" stroke-width=\"2\"/>",
                              alpha__svg_num(a, sizeof a, lx + 8), alpha__svg_num(b, sizeof b, ly + 13 + 18 * k),
                              alpha__svg_num(c, sizeof c, lx + 36), alpha__svg_num(e, sizeof e, ly + 13 + 18 * k));
            alpha__svg_printf(&w, "<circle cx=\"%s\" cy=\"%s\" r=\"3\" fill=\"#ff7f0e\"/>", alpha__svg_num(a, sizeof a, lx + 22),
                              alpha__svg_num(b, sizeof b, ly + 13 + 18 * k));
            alpha__svg_printf(&w, "<text x=\"%s\" y=\"%s\">validation loss</text>\n", alpha__svg_num(a, sizeof a, lx + 44),
                              alpha__svg_num(b, sizeof b, ly + 17 + 18 * k));
            k++;
        }
    }
    alpha__jw_puts(&w, "</svg>\n");
    if (w.status != ALPHA_OK) {
        r = w.status;
        alpha__tr_log(&d.logger, ALPHA_LOG_ERROR, "alpha_plot_loss_svg: out of memory");
        alpha_json_writer_free(&w);
    } else {
        *out_svg = w.buf;
        if (out_len) *out_len = w.len;
    }
done:
    alpha__tr_free(&d.allocator, tr.x);
    alpha__tr_free(&d.allocator, tr.y);
    alpha__tr_free(&d.allocator, va.x);
    alpha__tr_free(&d.allocator, va.y);
    alpha__tr_free(&d.allocator, sm.x);
    alpha__tr_free(&d.allocator, sm.y);
    if (r == ALPHA_ERR_OOM && !*out_svg) alpha__tr_log(&d.logger, ALPHA_LOG_ERROR, "alpha_plot_loss_svg: out of memory");
    return r;
}

ALPHA_API alpha_result alpha_plot_loss_file(const alpha_plot_desc *desc, const char *metrics_path, const char *svg_path) {
    alpha_plot_desc d;
    char *text = NULL, *svg = NULL;
    size_t n = 0, sn = 0;
    alpha_result r;
    alpha_atomic_file f;
    memset(&d, 0, sizeof d);
    if (desc) d = *desc;
    if (!metrics_path || !svg_path) {
        alpha__tr_log(&d.logger, ALPHA_LOG_ERROR, "alpha_plot_loss_file: NULL %s", metrics_path ? "svg_path" : "metrics_path");
        return ALPHA_ERR_INVALID;
    }
    r = alpha_train_read_file(metrics_path, 0, &d.allocator, &d.logger, &text, &n, NULL, 0);
    if (r != ALPHA_OK) return r;
    r = alpha_plot_loss_svg(&d, text, n, &svg, &sn);
    alpha__tr_free(&d.allocator, text);
    if (r != ALPHA_OK) return r;
    r = alpha_atomic_file_open(&f, svg_path, &d.allocator, &d.logger);
    if (r == ALPHA_OK) {
        alpha_atomic_file_write(&f, svg, sn);
        r = alpha_atomic_file_commit(&f);
    }
    alpha__tr_free(&d.allocator, svg);
    return r;
}

/* =========================================================================================
   SECTION 7 (implementation): OPTIMIZER AND SCHEDULE
   ========================================================================================= */

struct alpha_adamw {
    alpha_ctx *ctx;
    alpha_adamw_desc cfg;
    int n;
    alpha_tensor **params, **m, **v;
    alpha_tensor *sched;       /* f32[3] on the device: lr and bias corrections of the next update */
    alpha_tensor *sumsq;       /* f32[1] on the device: the squared global gradient norm of the last record */
    float grad_scale;          /* of the last record */
    unsigned char *decay;
    int64_t step;
    /* the flat layout (NULL when every parameter keeps its own storage): parameters, gradients, m
       and v in one f32 buffer each, decayed parameters first, each slice 64-byte aligned; range
       [0] of each is the decayed part, [1] the rest */
    alpha_tensor *flat[4], *range[2][4];
};

static alpha_adamw_desc alpha__adamw_resolve(const alpha_adamw_desc *d) {
    alpha_adamw_desc r;
    memset(&r, 0, sizeof r);
    if (d) r = *d;
    if (r.lr <= 0) r.lr = 3e-4f;
    if (r.beta1 <= 0) r.beta1 = 0.9f;
    if (r.beta2 <= 0) r.beta2 = 0.95f;
    if (r.eps <= 0) r.eps = 1e-8f;
    if (r.weight_decay == 0) r.weight_decay = 0.1f;
    if (r.weight_decay < 0) r.weight_decay = 0;
    if (r.clip_norm == 0) r.clip_norm = 1.0f;
    return r;
}

/* The flat layout needs every parameter and gradient to be a contiguous f32 tensor that is all of
   a storage of its own (no views, nothing shared), on one device. */
static int alpha__adamw_can_flatten(const alpha_adamw *o) {
    int i, j;
    for (i = 0; i < o->n; i++) {
        const alpha_tensor *t[2];
        int k;
        t[0] = o->params[i]; t[1] = o->params[i]->grad;
        for (k = 0; k < 2; k++)
            if (t[k]->dtype != ALPHA_F32 || !alpha_tensor_is_contiguous(t[k]) || t[k]->offset != 0 ||
                t[k]->storage->nbytes != (size_t)alpha_tensor_numel(t[k]) * 4 || alpha_tensor_numel(t[k]) != alpha_tensor_numel(t[0]) ||
                alpha_tensor_device(t[k]) != alpha_tensor_device(o->params[0]))
                return 0;
        if (t[0]->storage == t[1]->storage) return 0;
        for (j = 0; j < i; j++) {
            const alpha_tensor *u = o->params[j];
            if (u->storage == t[0]->storage || u->storage == t[1]->storage || u->grad->storage == t[0]->storage ||
                u->grad->storage == t[1]->storage) return 0;
        }
    }
    return o->n > 0;
}
/* Lays the parameters, their gradients and the moments out flat (see struct alpha_adamw): copies
   each parameter's and gradient's values into its slice, then points the tensor (the same
   alpha_tensor object) at the slice. The storage they had stays allocated (arena memory). */
static alpha_result alpha__adamw_flatten(alpha_adamw *o) {
    alpha_ctx *ctx = o->ctx;
    int dev = alpha_tensor_device(o->params[0]), i, k, pass;
    int64_t total = 0, split = 0, *start = (int64_t *)alpha_ctx_alloc(ctx, (size_t)o->n * sizeof *start);
    if (!start) return ALPHA_ERR_OOM;
    for (pass = 1; pass >= 0; pass--) {   /* decayed first */
        for (i = 0; i < o->n; i++)
            if (o->decay[i] == pass) { start[i] = total; total += (alpha_tensor_numel(o->params[i]) + 15) & ~(int64_t)15; }
        if (pass == 1) split = total;
    }
    for (k = 0; k < 4; k++) o->flat[k] = alpha_full_on(ctx, dev, ALPHA_F32, alpha_shape1(total), 0.0);
    if (alpha_ctx_status(ctx) != ALPHA_OK) return alpha_ctx_status(ctx);
    for (i = 0; i < o->n; i++) {
        alpha_tensor *p = o->params[i], *slice[4];
        for (k = 0; k < 4; k++)
            slice[k] = alpha_reshape(ctx, alpha_narrow(ctx, o->flat[k], 0, start[i], alpha_tensor_numel(p)), alpha_tensor_shape(p));
        alpha_assign(ctx, slice[0], p);
        alpha_assign(ctx, slice[1], p->grad);
        if (alpha_ctx_status(ctx) != ALPHA_OK) return alpha_ctx_status(ctx);
        p->storage = slice[0]->storage; p->offset = slice[0]->offset;
        p->grad->storage = slice[1]->storage; p->grad->offset = slice[1]->offset;
        o->m[i] = slice[2];
        o->v[i] = slice[3];
    }
    for (k = 0; k < 4; k++) {
        o->range[0][k] = alpha_narrow(ctx, o->flat[k], 0, 0, split);
        o->range[1][k] = alpha_narrow(ctx, o->flat[k], 0, split, total - split);
    }
    return alpha_ctx_status(ctx);
}

ALPHA_API alpha_result alpha_adamw_create(alpha_ctx *ctx, alpha_tensor *const *params, int n,
                                          const alpha_adamw_desc *desc, alpha_adamw **out) {
    alpha_adamw *o;
    int i;
    if (!ctx || !out || n < 0 || (n > 0 && !params)) return ALPHA_ERR_INVALID;
    *out = NULL;
    o = (alpha_adamw *)alpha_ctx_alloc(ctx, sizeof *o);
    if (!o) return ALPHA_ERR_OOM;
    memset(o, 0, sizeof *o);
    o->ctx = ctx;
    o->cfg = alpha__adamw_resolve(desc);
    if (!(o->cfg.beta1 < 1 && o->cfg.beta2 < 1)) {
        alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_adamw_create: betas must be below 1 (got %g, %g)",
                        (double)o->cfg.beta1, (double)o->cfg.beta2);
        return ALPHA_ERR_INVALID;
    }
    o->n = n;
    o->params = (alpha_tensor **)alpha_ctx_alloc(ctx, (size_t)(n + 1) * sizeof *o->params);
    o->m = (alpha_tensor **)alpha_ctx_alloc(ctx, (size_t)(n + 1) * sizeof *o->m);
    o->v = (alpha_tensor **)alpha_ctx_alloc(ctx, (size_t)(n + 1) * sizeof *o->v);
    o->decay = (unsigned char *)alpha_ctx_alloc(ctx, (size_t)(n + 1));
    if (!o->params || !o->m || !o->v || !o->decay) return ALPHA_ERR_OOM;
    for (i = 0; i < n; i++) {
        alpha_tensor *p = params[i];
        int is_emb;
        if (!p || p->dtype != ALPHA_F32 || !alpha_tensor_is_contiguous(p) || !p->grad ||
            alpha_tensor_device(p) != alpha_tensor_device(params[0])) {
            alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_adamw_create: parameter %d must be a contiguous f32 tensor with a gradient, "
                            "on the device of parameter 0", i);
            return ALPHA_ERR_INVALID;
        }
        is_emb = p->name && (!strcmp(p->name, "wte") || !strcmp(p->name, "wpe"));
        o->params[i] = p;
        o->decay[i] = (unsigned char)(p->ndim >= 2 && !(is_emb && o->cfg.no_decay_embeddings));
    }
    if (!o->cfg.separate_storage && alpha__adamw_can_flatten(o)) {
        alpha_result r = alpha__adamw_flatten(o);
        if (r != ALPHA_OK) return r;
    } else {
        for (i = 0; i < n; i++) {
            o->m[i] = alpha_full_on(ctx, alpha_tensor_device(params[i]), ALPHA_F32, alpha_tensor_shape(params[i]), 0.0);
            o->v[i] = alpha_full_on(ctx, alpha_tensor_device(params[i]), ALPHA_F32, alpha_tensor_shape(params[i]), 0.0);
        }
    }
    o->sched = alpha_full_on(ctx, n ? alpha_tensor_device(params[0]) : alpha_ctx_device(ctx), ALPHA_F32, alpha_shape1(3), 0.0);
    o->sumsq = alpha_full_on(ctx, n ? alpha_tensor_device(params[0]) : alpha_ctx_device(ctx), ALPHA_F32, alpha_shape1(1), 0.0);
    o->grad_scale = 1.0f;
    if (alpha_ctx_status(ctx) != ALPHA_OK) return alpha_ctx_status(ctx);
    *out = o;
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_adamw_prepare(alpha_adamw *o, float lr) {
    float sched[3];
    if (!o) return ALPHA_ERR_INVALID;
    alpha_adamw_schedule(sched, lr, o->cfg.beta1, o->cfg.beta2, o->step + 1);
    return alpha_tensor_write(o->ctx, o->sched, sched, sizeof sched);
}

ALPHA_API alpha_result alpha_adamw_record(alpha_adamw *o, float grad_scale) {
    alpha_ctx *ctx;
    alpha_adamw_params hp;
    alpha_mark mark;
    int i;
    if (!o) return ALPHA_ERR_INVALID;
    ctx = o->ctx;
    o->grad_scale = grad_scale;
    if (o->n == 0) return alpha_ctx_status(ctx);
    memset(&hp, 0, sizeof hp);
    hp.beta1 = o->cfg.beta1; hp.beta2 = o->cfg.beta2; hp.eps = o->cfg.eps;
    hp.grad_scale = grad_scale;
    hp.clip_norm = o->cfg.clip_norm;
    if (o->flat[0]) {   /* one norm over the flat gradients, one update for each range */
        mark = alpha_ctx_mark(ctx);
        alpha_assign(ctx, o->sumsq, alpha_sum_squares(ctx, o->flat[1]));
        alpha_ctx_reset(ctx, mark);
        for (i = 0; i < 2; i++) {
            if (alpha_tensor_numel(o->range[i][0]) == 0) continue;
            hp.weight_decay = i == 0 ? o->cfg.weight_decay : 0.0f;
            alpha_adamw_update(ctx, o->range[i][0], o->range[i][1], o->range[i][2], o->range[i][3], o->sched, o->sumsq, &hp);
        }
        return alpha_ctx_status(ctx);
    }
    mark = alpha_ctx_mark(ctx);
    {
        alpha_tensor **grads = (alpha_tensor **)alpha_ctx_alloc(ctx, (size_t)o->n * sizeof *grads);
        if (!grads) return ALPHA_ERR_OOM;
        for (i = 0; i < o->n; i++) grads[i] = o->params[i]->grad;
        alpha_assign(ctx, o->sumsq, alpha_global_sum_squares(ctx, grads, o->n));
    }
    alpha_ctx_reset(ctx, mark);
    for (i = 0; i < o->n; i++) {
        hp.weight_decay = o->decay[i] ? o->cfg.weight_decay : 0.0f;
        alpha_adamw_update(ctx, o->params[i], o->params[i]->grad, o->m[i], o->v[i], o->sched, o->sumsq, &hp);
    }
    return alpha_ctx_status(ctx);
}

ALPHA_API alpha_result alpha_adamw_finish(alpha_adamw *o, alpha_adamw_report *rep) {
    float sumsq = 0, norm;
    if (!o) return ALPHA_ERR_INVALID;
    if (rep) memset(rep, 0, sizeof *rep);
    if (o->n && alpha_tensor_read(o->ctx, o->sumsq, &sumsq, sizeof sumsq) != ALPHA_OK) return alpha_ctx_status(o->ctx);
    norm = sqrtf(sumsq) * fabsf(o->grad_scale);   /* as the update kernel computed it */
    if (rep) rep->grad_norm = norm;
    if (!(norm <= FLT_MAX)) {   /* NaN or Inf: the kernels left everything as it was */
        alpha_ctx_log(o->ctx, ALPHA_LOG_WARN, "alpha_adamw_step: gradient norm is %g at step %lld: update skipped", (double)norm,
                      (long long)o->step + 1);
        if (rep) rep->skipped = 1;
        return ALPHA_OK;
    }
    o->step++;
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_adamw_step(alpha_adamw *o, float lr, float grad_scale, alpha_adamw_report *rep) {
    alpha_result r = alpha_adamw_prepare(o, lr);
    if (r == ALPHA_OK) r = alpha_adamw_record(o, grad_scale);
    return r == ALPHA_OK ? alpha_adamw_finish(o, rep) : r;
}
ALPHA_API void alpha_adamw_zero_grad(alpha_adamw *o) {
    if (!o) return;
    if (o->flat[1]) alpha_fill(o->ctx, o->flat[1], 0.0);
    else alpha_zero_grad(o->ctx, o->params, o->n);
}
ALPHA_API int64_t alpha_adamw_steps(const alpha_adamw *o) { return o ? o->step : 0; }
ALPHA_API alpha_adamw_desc alpha_adamw_config(const alpha_adamw *o) { return o->cfg; }

ALPHA_API float alpha_lr_at(const alpha_lr_desc *s, int64_t step) {
    double lr = s->lr, floor_lr = s->lr * s->min_ratio, t;
    if (s->warmup > 0 && step < s->warmup) return (float)(lr * (double)(step + 1) / (double)s->warmup);
    if (s->total <= s->warmup || step >= s->total) return (float)(step >= s->total && s->total > s->warmup ? floor_lr : lr);
    t = (double)(step - s->warmup) / (double)(s->total - s->warmup);
    return (float)(floor_lr + 0.5 * (lr - floor_lr) * (1.0 + cos(3.14159265358979323846 * t)));
}

/* =========================================================================================
   SECTION 8 (implementation): CHECKPOINTS
   ========================================================================================= */

ALPHA_API const char *alpha_activation_name(alpha_activation a) {
    switch (a) {
    case ALPHA_ACT_GELU: return "gelu";
    case ALPHA_ACT_RELU: return "relu";
    case ALPHA_ACT_SILU: return "silu";
    case ALPHA_ACT_SWIGLU: return "swiglu";
    case ALPHA_ACT_CUSTOM: return "custom";   /* a function: checkpoints of such models cannot be loaded back by name */
    }
    return "?";
}
static int alpha__activation_from_name(const char *s, alpha_activation *out) {
    int a;
    for (a = ALPHA_ACT_GELU; a <= ALPHA_ACT_SWIGLU; a++)
        if (!strcmp(s, alpha_activation_name((alpha_activation)a))) { *out = (alpha_activation)a; return 1; }
    return 0;
}

struct alpha_checkpoint {
    alpha_allocator allocator;
    char *file;                /* the whole file (owned) */
    size_t size;
    size_t data_start;
    alpha_json *root;
    const alpha_json *tensors;
    alpha_gpt_desc config;
    alpha_adamw_desc optim;
    int has_optimizer;
    int64_t opt_step;
    alpha_train_state state;
};

static void alpha__ck_put_u32(unsigned char *p, uint32_t v) { p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8); p[2] = (unsigned char)(v >> 16); p[3] = (unsigned char)(v >> 24); }
static uint32_t alpha__ck_get_u32(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static void alpha__ck_put_u64(unsigned char *p, uint64_t v) { alpha__ck_put_u32(p, (uint32_t)v); alpha__ck_put_u32(p + 4, (uint32_t)(v >> 32)); }
static uint64_t alpha__ck_get_u64(const unsigned char *p) { return (uint64_t)alpha__ck_get_u32(p) | (uint64_t)alpha__ck_get_u32(p + 4) << 32; }
static size_t alpha__ck_align(size_t n) { return (n + 63) & ~(size_t)63; }
static void alpha__ck_kv_u64(alpha_json_writer *w, const char *key, uint64_t v) {
    char b[32];
    snprintf(b, sizeof b, "%llu", (unsigned long long)v);
    alpha_json_kv_string(w, key, b);
}

typedef struct alpha__ck_entry { const alpha_tensor *t; char name[96]; } alpha__ck_entry;

/* every tensor a checkpoint stores, in file order */
static int alpha__ck_entries(const alpha_gpt *m, const alpha_adamw *opt, alpha__ck_entry *e) {
    int i, n = 0;
    for (i = 0; i < m->n_params; i++) { e[n].t = m->params[i]; snprintf(e[n].name, sizeof e[n].name, "%s", m->names[i]); n++; }
    if (opt) for (i = 0; i < opt->n; i++) {
        e[n].t = opt->m[i]; snprintf(e[n].name, sizeof e[n].name, "adam.m.%s", m->names[i]); n++;
        e[n].t = opt->v[i]; snprintf(e[n].name, sizeof e[n].name, "adam.v.%s", m->names[i]); n++;
    }
    return n;
}

static void alpha__ck_write_header(alpha_json_writer *w, const alpha_gpt *m, const alpha_adamw *opt, const alpha_tokenizer *tok,
                                   const alpha_train_state *st, const alpha__ck_entry *e, int n) {
    const alpha_gpt_desc *c = &m->cfg;
    size_t off = 0;
    int i, d;
    alpha_json_object_begin(w);
    alpha_json_kv_string(w, "format", "alpha-checkpoint");
    alpha_json_kv_int(w, "version", ALPHA_CHECKPOINT_VERSION);
    alpha_json_key(w, "config");
    alpha_json_object_begin(w);
    alpha_json_kv_int(w, "vocab_size", c->vocab_size);
    alpha_json_kv_int(w, "block_size", c->block_size);
    alpha_json_kv_int(w, "n_layer", c->n_layer);
    alpha_json_kv_int(w, "n_head", c->n_head);
    alpha_json_kv_int(w, "n_embd", c->n_embd);
    alpha_json_kv_int(w, "mlp_mult", c->mlp_mult);
    alpha_json_kv_float(w, "dropout", c->dropout);
    alpha_json_kv_bool(w, "no_bias", c->no_bias);
    alpha_json_kv_bool(w, "untied_head", c->untied_head);
    alpha_json_kv_string(w, "activation", alpha_activation_name(c->activation));
    alpha_json_kv_float(w, "ln_eps", c->ln_eps);
    alpha_json_object_end(w);
    if (opt) {
        alpha_json_key(w, "optimizer");
        alpha_json_object_begin(w);
        alpha_json_kv_float(w, "lr", opt->cfg.lr);
        alpha_json_kv_float(w, "beta1", opt->cfg.beta1);
        alpha_json_kv_float(w, "beta2", opt->cfg.beta2);
        alpha_json_kv_float(w, "eps", opt->cfg.eps);
        alpha_json_kv_float(w, "weight_decay", opt->cfg.weight_decay);
        alpha_json_kv_bool(w, "no_decay_embeddings", opt->cfg.no_decay_embeddings);
        alpha_json_kv_float(w, "clip_norm", opt->cfg.clip_norm);
        alpha_json_kv_int(w, "step", opt->step);
        alpha_json_object_end(w);
    }
    alpha_json_key(w, "tokenizer");
    if (tok) alpha_tokenizer_to_json(tok, w); else alpha_json_write_null(w);
    alpha_json_key(w, "state");
    alpha_json_object_begin(w);
    alpha_json_kv_int(w, "step", st ? st->step : 0);
    alpha__ck_kv_u64(w, "rng_seed", st ? st->rng.seed : 0);
    alpha__ck_kv_u64(w, "rng_offset", st ? st->rng.offset : 0);
    alpha_json_kv_float(w, "loss_scale", st ? st->loss_scale : 1.0f);
    alpha_json_key(w, "data");
    alpha_json_object_begin(w);
    alpha__ck_kv_u64(w, "seed", st ? st->data.seed : 0);
    alpha__ck_kv_u64(w, "step", st ? st->data.step : 0);
    alpha__ck_kv_u64(w, "val_pos", st ? st->data.val_pos : 0);
    alpha__ck_kv_u64(w, "train_tokens", st ? st->data.train_tokens : 0);
    alpha_json_object_end(w);
    alpha_json_object_end(w);
    alpha_json_key(w, "tensors");
    alpha_json_array_begin(w);
    for (i = 0; i < n; i++) {
        size_t bytes = (size_t)alpha_tensor_numel(e[i].t) * 4;
        alpha_json_object_begin(w);
        alpha_json_kv_string(w, "name", e[i].name);
        alpha_json_kv_string(w, "dtype", "f32");
        alpha_json_key(w, "shape");
        alpha_json_array_begin(w);
        for (d = 0; d < e[i].t->ndim; d++) alpha_json_write_int(w, e[i].t->shape[d]);
        alpha_json_array_end(w);
        alpha_json_kv_int(w, "offset", (int64_t)off);
        alpha_json_kv_int(w, "size", (int64_t)bytes);
        alpha_json_object_end(w);
        off = alpha__ck_align(off + bytes);
    }
    alpha_json_array_end(w);
    alpha_json_object_end(w);
}

/* f32 data as little-endian bytes whatever the host order */
static alpha_result alpha__ck_write_f32(alpha_atomic_file *f, const float *p, size_t n) {
    const uint32_t one = 1;
    unsigned char buf[4096];
    size_t i, k = 0;
    if (*(const unsigned char *)&one == 1) return alpha_atomic_file_write(f, p, n * 4);
    for (i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, p + i, 4);
        alpha__ck_put_u32(buf + k, u);
        k += 4;
        if (k == sizeof buf || i + 1 == n) { if (alpha_atomic_file_write(f, buf, k) != ALPHA_OK) return ALPHA_ERR_IO; k = 0; }
    }
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_checkpoint_save(const char *path, const alpha_gpt *m, const alpha_adamw *opt,
                                             const alpha_tokenizer *tok, const alpha_train_state *st,
                                             const alpha_logger *logger) {
    alpha_json_writer w;
    alpha_atomic_file f;
    alpha__ck_entry *e;
    const char *json;
    size_t json_len, pos;
    unsigned char head[16], zeros[64];
    int i, n;
    alpha_result r;
    if (!path || !m) return ALPHA_ERR_INVALID;
    e = (alpha__ck_entry *)malloc((size_t)(3 * m->n_params + 1) * sizeof *e);
    if (!e) return ALPHA_ERR_OOM;
    n = alpha__ck_entries(m, opt, e);
    alpha_json_writer_init(&w, NULL);
    alpha__ck_write_header(&w, m, opt, tok, st, e, n);
    json = alpha_json_writer_finish(&w, &json_len);
    if (!json) { alpha_json_writer_free(&w); free(e); return ALPHA_ERR_OOM; }
    r = alpha_atomic_file_open(&f, path, NULL, logger);
    if (r != ALPHA_OK) { alpha_json_writer_free(&w); free(e); return r; }
    memcpy(head, "ALPH", 4);
    alpha__ck_put_u32(head + 4, ALPHA_CHECKPOINT_VERSION);
    alpha__ck_put_u64(head + 8, (uint64_t)json_len);
    memset(zeros, 0, sizeof zeros);
    alpha_atomic_file_write(&f, head, 16);
    alpha_atomic_file_write(&f, json, json_len);
    pos = 16 + json_len;
    alpha_atomic_file_write(&f, zeros, alpha__ck_align(pos) - pos);
    for (i = 0; i < n; i++) {
        size_t bytes = (size_t)alpha_tensor_numel(e[i].t) * 4;
        const float *data = (const float *)alpha_tensor_data(e[i].t);
        float *copy = NULL;
        if (!data && bytes) {   /* a device tensor: read it back first */
            copy = (float *)malloc(bytes);
            if (!copy || alpha_tensor_read(m->ctx, e[i].t, copy, bytes) != ALPHA_OK) { free(copy); alpha_atomic_file_abort(&f); alpha_json_writer_free(&w); free(e); return ALPHA_ERR_DEVICE; }
            data = copy;
        }
        alpha__ck_write_f32(&f, data, bytes / 4);
        alpha_atomic_file_write(&f, zeros, alpha__ck_align(bytes) - bytes);
        free(copy);
    }
    r = alpha_atomic_file_commit(&f);
    alpha_json_writer_free(&w);
    free(e);
    return r;
}

static alpha_result alpha__ck_fail(char *err, size_t cap, const char *fmt, ...) {
    va_list ap;
    if (err && cap) {
        va_start(ap, fmt);
        vsnprintf(err, cap, fmt, ap);
        va_end(ap);
    }
    return ALPHA_ERR_FORMAT;
}
static alpha_result alpha__ck_u64(const alpha_json *obj, const char *key, uint64_t *out, char *err, size_t cap) {
    const char *s;
    size_t len, i;
    uint64_t v = 0;
    if (alpha_json_get_string(obj, key, &s, &len, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
    if (len == 0 || len > 20) return alpha__ck_fail(err, cap, "state.%s: not a decimal 64-bit number", key);
    for (i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9' || v > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10)
            return alpha__ck_fail(err, cap, "state.%s: not a decimal 64-bit number", key);
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return ALPHA_OK;
}

/* Validates the header: config ranges, state, and that every tensor lies inside the file. */
static void alpha__ck_silent(void *u, alpha_log_level l, const char *m) { (void)u; (void)l; (void)m; }
static alpha_result alpha__ck_parse(alpha_checkpoint *ck, char *err, size_t cap) {
    const unsigned char *p = (const unsigned char *)ck->file;
    alpha_json_parse_desc jd;
    const alpha_json *cfg, *st, *dt, *opt;
    uint64_t hlen;
    int64_t v;
    double dv;
    const char *s;
    size_t len, i;
    int b;
    if (ck->size < 16) return alpha__ck_fail(err, cap, "file too short (%llu bytes) for a checkpoint header", (unsigned long long)ck->size);
    if (memcmp(p, "ALPH", 4)) return alpha__ck_fail(err, cap, "bad magic: not an alpha checkpoint");
    if (alpha__ck_get_u32(p + 4) != ALPHA_CHECKPOINT_VERSION)
        return alpha__ck_fail(err, cap, "unsupported checkpoint version %u (this build reads %d)", alpha__ck_get_u32(p + 4), ALPHA_CHECKPOINT_VERSION);
    hlen = alpha__ck_get_u64(p + 8);
    if (hlen > ck->size - 16) return alpha__ck_fail(err, cap, "header length %llu runs past the end of the file (truncated?)", (unsigned long long)hlen);
    ck->data_start = alpha__ck_align(16 + (size_t)hlen);
    memset(&jd, 0, sizeof jd);
    jd.logger.func = alpha__ck_silent;   /* the reason goes to err, with the file's context */
    if (alpha_json_parse(ck->file + 16, (size_t)hlen, &jd, &ck->root, err, cap) != ALPHA_OK) {
        size_t l = err ? strlen(err) : 0;
        if (err && l + 16 < cap) { memmove(err + 8, err, l + 1); memcpy(err, "header: ", 8); }
        return ALPHA_ERR_FORMAT;
    }
    if (alpha_json_get_string(ck->root, "format", &s, &len, err, cap) != ALPHA_OK || strcmp(s, "alpha-checkpoint"))
        return alpha__ck_fail(err, cap, "header: format is not \"alpha-checkpoint\"");
    if (alpha_json_get_typed(ck->root, "config", ALPHA_JSON_OBJECT, &cfg, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
#define ALPHA__CK_INT(field, lo, hi) \
    if (alpha_json_get_int(cfg, #field, lo, hi, &v, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT; \
    ck->config.field = (int)v
    ALPHA__CK_INT(vocab_size, 1, 1 << 24);
    ALPHA__CK_INT(block_size, 1, 1 << 20);
    ALPHA__CK_INT(n_layer, 1, 4096);
    ALPHA__CK_INT(n_head, 1, 4096);
    ALPHA__CK_INT(n_embd, 1, 1 << 16);
    ALPHA__CK_INT(mlp_mult, 1, 64);
#undef ALPHA__CK_INT
    if (ck->config.n_embd % ck->config.n_head) return alpha__ck_fail(err, cap, "config: n_embd %d is not divisible by n_head %d", ck->config.n_embd, ck->config.n_head);
    if (alpha_json_get_double(cfg, "dropout", &dv, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
    if (!(dv >= 0 && dv < 1)) return alpha__ck_fail(err, cap, "config: dropout %g is not in [0, 1)", dv);
    ck->config.dropout = (float)dv;
    if (alpha_json_get_double(cfg, "ln_eps", &dv, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
    if (!(dv > 0 && dv < 1)) return alpha__ck_fail(err, cap, "config: ln_eps %g is not in (0, 1)", dv);
    ck->config.ln_eps = (float)dv;
    if (alpha_json_get_bool(cfg, "no_bias", &b, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
    ck->config.no_bias = b;
    if (alpha_json_get_bool(cfg, "untied_head", &b, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
    ck->config.untied_head = b;
    if (alpha_json_get_string(cfg, "activation", &s, &len, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
    if (!alpha__activation_from_name(s, &ck->config.activation)) return alpha__ck_fail(err, cap, "config: unknown activation \"%s\"", s);
    opt = alpha_json_get(ck->root, "optimizer");
    if (opt) {
        if (opt->type != ALPHA_JSON_OBJECT) return alpha__ck_fail(err, cap, "header: optimizer is not an object");
#define ALPHA__CK_F(field) \
        if (alpha_json_get_double(opt, #field, &dv, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT; \
        ck->optim.field = (float)dv
        ALPHA__CK_F(lr); ALPHA__CK_F(beta1); ALPHA__CK_F(beta2); ALPHA__CK_F(eps); ALPHA__CK_F(weight_decay); ALPHA__CK_F(clip_norm);
#undef ALPHA__CK_F
        if (alpha_json_get_bool(opt, "no_decay_embeddings", &b, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
        ck->optim.no_decay_embeddings = b;
        if (alpha_json_get_int(opt, "step", 0, INT64_MAX, &ck->opt_step, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
        ck->has_optimizer = 1;
    }
    if (alpha_json_get_typed(ck->root, "state", ALPHA_JSON_OBJECT, &st, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
    if (alpha_json_get_int(st, "step", 0, INT64_MAX, &ck->state.step, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
    if (alpha__ck_u64(st, "rng_seed", &ck->state.rng.seed, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
    if (alpha__ck_u64(st, "rng_offset", &ck->state.rng.offset, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
    if (alpha_json_get_double(st, "loss_scale", &dv, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
    ck->state.loss_scale = (float)dv;
    if (alpha_json_get_typed(st, "data", ALPHA_JSON_OBJECT, &dt, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
    if (alpha__ck_u64(dt, "seed", &ck->state.data.seed, err, cap) != ALPHA_OK ||
        alpha__ck_u64(dt, "step", &ck->state.data.step, err, cap) != ALPHA_OK ||
        alpha__ck_u64(dt, "val_pos", &ck->state.data.val_pos, err, cap) != ALPHA_OK ||
        alpha__ck_u64(dt, "train_tokens", &ck->state.data.train_tokens, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
    if (alpha_json_get_typed(ck->root, "tensors", ALPHA_JSON_ARRAY, &ck->tensors, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
    for (i = 0; i < alpha_json_count(ck->tensors); i++) {
        const alpha_json *t = alpha_json_at(ck->tensors, i), *shape;
        int64_t off, size, numel = 1;
        size_t d;
        if (!t || t->type != ALPHA_JSON_OBJECT) return alpha__ck_fail(err, cap, "tensors[%u] is not an object", (unsigned)i);
        if (alpha_json_get_string(t, "name", &s, &len, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
        if (alpha_json_get_string(t, "dtype", &s, &len, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
        if (strcmp(s, "f32")) return alpha__ck_fail(err, cap, "tensors[%u]: dtype \"%s\" is not supported (f32 only)", (unsigned)i, s);
        if (alpha_json_get_typed(t, "shape", ALPHA_JSON_ARRAY, &shape, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
        if (alpha_json_count(shape) > ALPHA_MAX_DIMS) return alpha__ck_fail(err, cap, "tensors[%u]: more than %d dims", (unsigned)i, ALPHA_MAX_DIMS);
        for (d = 0; d < alpha_json_count(shape); d++) {
            const alpha_json *x = alpha_json_at(shape, d);
            if (!x || x->type != ALPHA_JSON_NUMBER || !x->is_int || x->integer < 0 || x->integer > ((int64_t)1 << 40))
                return alpha__ck_fail(err, cap, "tensors[%u]: bad shape", (unsigned)i);
            numel *= x->integer;
            if (numel > ((int64_t)1 << 40)) return alpha__ck_fail(err, cap, "tensors[%u]: shape too large", (unsigned)i);
        }
        if (alpha_json_get_int(t, "offset", 0, INT64_MAX, &off, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
        if (alpha_json_get_int(t, "size", 0, INT64_MAX, &size, err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
        if (size != numel * 4) return alpha__ck_fail(err, cap, "tensors[%u]: size %lld does not match its shape (%lld bytes)", (unsigned)i, (long long)size, (long long)(numel * 4));
        if (off % 64) return alpha__ck_fail(err, cap, "tensors[%u]: offset %lld is not 64-byte aligned", (unsigned)i, (long long)off);
        if (ck->data_start > ck->size || (uint64_t)off > ck->size - ck->data_start || (uint64_t)size > ck->size - ck->data_start - (uint64_t)off)
            return alpha__ck_fail(err, cap, "tensors[%u] (%s): data at %lld+%lld runs past the end of the file (truncated?)", (unsigned)i,
                                  alpha_json_as_string(alpha_json_get(t, "name"), "?"), (long long)off, (long long)size);
    }
    return ALPHA_OK;
}

ALPHA_API void alpha_checkpoint_close(alpha_checkpoint *ck) {
    alpha_allocator a;
    if (!ck) return;
    a = ck->allocator;
    alpha_json_free(ck->root);
    alpha_train_free(&a, ck->file);
    alpha_train_free(&a, ck);
}

static alpha_result alpha__ck_open(char *file, size_t size, const alpha_allocator *allocator, alpha_checkpoint **out, char *err, size_t cap) {
    alpha_checkpoint *ck;
    alpha_allocator a;
    alpha_result r;
    memset(&a, 0, sizeof a);
    if (allocator) a = *allocator;
    ck = (alpha_checkpoint *)(a.alloc ? a.alloc(a.user_data, sizeof *ck) : ALPHA_MALLOC(sizeof *ck));
    if (!ck) { alpha_train_free(&a, file); return ALPHA_ERR_OOM; }
    memset(ck, 0, sizeof *ck);
    ck->allocator = a;
    ck->file = file;
    ck->size = size;
    r = alpha__ck_parse(ck, err, cap);
    if (r != ALPHA_OK) { alpha_checkpoint_close(ck); return r; }
    *out = ck;
    return ALPHA_OK;
}
ALPHA_API alpha_result alpha_checkpoint_open(const char *path, const alpha_allocator *allocator, alpha_checkpoint **out, char *err, size_t cap) {
    char *file;
    size_t size;
    alpha_result r;
    if (!out) return ALPHA_ERR_INVALID;
    *out = NULL;
    r = alpha_train_read_file(path, (size_t)1 << 40, allocator, NULL, &file, &size, err, cap);
    if (r != ALPHA_OK) return r;
    return alpha__ck_open(file, size, allocator, out, err, cap);
}
ALPHA_API alpha_result alpha_checkpoint_open_mem(const void *data, size_t size, const alpha_allocator *allocator,
                                                 alpha_checkpoint **out, char *err, size_t cap) {
    char *copy;
    if (!out || (!data && size)) return ALPHA_ERR_INVALID;
    *out = NULL;
    copy = (char *)(allocator && allocator->alloc ? allocator->alloc(allocator->user_data, size + 1) : ALPHA_MALLOC(size + 1));
    if (!copy) return ALPHA_ERR_OOM;
    if (size) memcpy(copy, data, size);
    copy[size] = 0;
    return alpha__ck_open(copy, size, allocator, out, err, cap);
}
ALPHA_API alpha_gpt_desc alpha_checkpoint_model_config(const alpha_checkpoint *ck) { return ck->config; }
ALPHA_API int alpha_checkpoint_has_optimizer(const alpha_checkpoint *ck) { return ck->has_optimizer; }
ALPHA_API alpha_train_state alpha_checkpoint_state(const alpha_checkpoint *ck) { return ck->state; }

static const alpha_json *alpha__ck_find(const alpha_checkpoint *ck, const char *name) {
    size_t i;
    for (i = 0; i < alpha_json_count(ck->tensors); i++) {
        const alpha_json *t = alpha_json_at(ck->tensors, i);
        if (!strcmp(alpha_json_as_string(alpha_json_get(t, "name"), ""), name)) return t;
    }
    return NULL;
}
/* copies one stored tensor into t after checking its shape */
static alpha_result alpha__ck_load_tensor(const alpha_checkpoint *ck, alpha_ctx *ck_ctx, const char *name, alpha_tensor *t, char *err, size_t cap) {
    const alpha_json *e = alpha__ck_find(ck, name), *shape;
    const unsigned char *src;
    float *dst = (float *)alpha_tensor_data(t), *copy = NULL;
    int64_t i, n = alpha_tensor_numel(t);
    int d;
    char want[160];
    if (!e) return alpha__ck_fail(err, cap, "checkpoint has no tensor \"%s\"", name);
    shape = alpha_json_get(e, "shape");
    alpha_tensor_describe(t, want, sizeof want);
    if ((int)alpha_json_count(shape) != t->ndim) return alpha__ck_fail(err, cap, "tensor \"%s\": stored with %d dims, model has %s", name, (int)alpha_json_count(shape), want);
    for (d = 0; d < t->ndim; d++)
        if (alpha_json_as_int(alpha_json_at(shape, (size_t)d), -1) != t->shape[d])
            return alpha__ck_fail(err, cap, "tensor \"%s\": stored dim %d is %lld, model has %s", name, d,
                                  (long long)alpha_json_as_int(alpha_json_at(shape, (size_t)d), -1), want);
    src = (const unsigned char *)ck->file + ck->data_start + alpha_json_as_int(alpha_json_get(e, "offset"), 0);
    if (!dst && n) {   /* a device tensor: decode on the host, then write it */
        dst = copy = (float *)malloc((size_t)n * 4);
        if (!copy) return ALPHA_ERR_OOM;
    }
    for (i = 0; i < n; i++) {
        uint32_t u = alpha__ck_get_u32(src + 4 * i);
        memcpy(dst + i, &u, 4);
    }
    if (copy) {
        alpha_result r = alpha_tensor_write(ck_ctx, t, copy, (size_t)n * 4);
        free(copy);
        if (r != ALPHA_OK) return alpha__ck_fail(err, cap, "tensor \"%s\": writing it to the device failed", name);
    }
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_checkpoint_restore(const alpha_checkpoint *ck, alpha_gpt *m, alpha_adamw *opt, char *err, size_t cap) {
    const alpha_gpt_desc *a = &ck->config, *b;
    int i;
    char name[128];
    if (!ck || !m) return ALPHA_ERR_INVALID;
    b = &m->cfg;
    if (a->vocab_size != b->vocab_size || a->block_size != b->block_size || a->n_layer != b->n_layer || a->n_head != b->n_head ||
        a->n_embd != b->n_embd || a->mlp_mult != b->mlp_mult || a->no_bias != b->no_bias || a->untied_head != b->untied_head ||
        a->activation != b->activation)
        return alpha__ck_fail(err, cap, "checkpoint config (vocab %d, block %d, layers %d, heads %d, embd %d, %s) does not match the model "
                              "(vocab %d, block %d, layers %d, heads %d, embd %d, %s)", a->vocab_size, a->block_size, a->n_layer, a->n_head,
                              a->n_embd, alpha_activation_name(a->activation), b->vocab_size, b->block_size, b->n_layer, b->n_head, b->n_embd,
                              alpha_activation_name(b->activation));
    if (opt && !ck->has_optimizer) return alpha__ck_fail(err, cap, "checkpoint has no optimizer state to resume from");
    for (i = 0; i < m->n_params; i++)
        if (alpha__ck_load_tensor(ck, m->ctx, m->names[i], m->params[i], err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
    if (opt) {
        if (opt->n != m->n_params) return alpha__ck_fail(err, cap, "optimizer does not hold the model's parameters");
        for (i = 0; i < opt->n; i++) {
            snprintf(name, sizeof name, "adam.m.%s", m->names[i]);
            if (alpha__ck_load_tensor(ck, m->ctx, name, opt->m[i], err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
            snprintf(name, sizeof name, "adam.v.%s", m->names[i]);
            if (alpha__ck_load_tensor(ck, m->ctx, name, opt->v[i], err, cap) != ALPHA_OK) return ALPHA_ERR_FORMAT;
        }
        opt->step = ck->opt_step;
    }
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_checkpoint_tokenizer(const alpha_checkpoint *ck, alpha_tokenizer **out, char *err, size_t cap) {
    const alpha_json *t;
    if (!ck || !out) return ALPHA_ERR_INVALID;
    *out = NULL;
    t = alpha_json_get(ck->root, "tokenizer");
    if (!t || t->type == ALPHA_JSON_NULL) return ALPHA_OK;
    return alpha_tokenizer_from_json(t, NULL, out, err, cap);
}

ALPHA_API alpha_result alpha_checkpoint_load_model(const char *path, alpha_ctx *ctx, alpha_gpt **model, alpha_tokenizer **tok,
                                                   char *err, size_t cap) {
    alpha_checkpoint *ck;
    alpha_gpt_desc c;
    alpha_result r;
    if (!ctx || !model) return ALPHA_ERR_INVALID;
    *model = NULL;
    if (tok) *tok = NULL;
    r = alpha_checkpoint_open(path, NULL, &ck, err, cap);
    if (r != ALPHA_OK) return r;
    c = ck->config;
    r = alpha_gpt_create(ctx, &c, model);
    if (r != ALPHA_OK) alpha__ck_fail(err, cap, "%s", alpha_ctx_last_error(ctx));
    if (r == ALPHA_OK) r = alpha_checkpoint_restore(ck, *model, NULL, err, cap);
    if (r == ALPHA_OK && tok) r = alpha_checkpoint_tokenizer(ck, tok, err, cap);
    alpha_checkpoint_close(ck);
    if (r != ALPHA_OK) *model = NULL;
    return r;
}

/* =========================================================================================
   SECTION 9 (implementation): THE TRAINING LOOP
   ========================================================================================= */

#define ALPHA__TR_MAX_LOSS_SCALE 16777216.0f   /* 2^24: dynamic loss scaling grows no further */
ALPHA_API alpha_trainer_desc alpha_trainer_desc_resolve(const alpha_trainer_desc *d) {
    alpha_trainer_desc r;
    memset(&r, 0, sizeof r);
    if (d) r = *d;
    r.model = alpha_gpt_desc_resolve(&r.model);
    r.optim = alpha__adamw_resolve(&r.optim);
    if (r.batch_size <= 0) r.batch_size = 8;
    if (r.seq_len <= 0 || r.seq_len > r.model.block_size) r.seq_len = r.model.block_size;
    if (r.accum_steps <= 0) r.accum_steps = 1;
    if (r.steps <= 0) r.steps = 1000;
    if (r.warmup_steps == 0) r.warmup_steps = r.steps / 20;
    if (r.warmup_steps < 0) r.warmup_steps = 0;
    if (r.min_lr_ratio <= 0) r.min_lr_ratio = 0.1f;
    if (r.val_fraction == 0) r.val_fraction = 0.1;
    if (!(r.loss_scale >= 1.0f)) r.loss_scale = 1.0f;   /* NaN and values below 1 too */
    if (r.loss_scale > ALPHA__TR_MAX_LOSS_SCALE) r.loss_scale = ALPHA__TR_MAX_LOSS_SCALE;
    if (r.loss_scale_window <= 0) r.loss_scale_window = 1000;
    return r;
}

ALPHA_API void alpha_trainer_destroy(alpha_trainer *tr) {
    if (!tr) return;
    alpha_data_free(tr->data);
    alpha_graph_destroy(tr->ctx, tr->graph);
    alpha_ctx_destroy(tr->ctx);
    free(tr->x);
    free(tr->y);
    free(tr->tokens);
    free(tr);
}

/* Puts the model on desc.device (when given) and decides whether steps are captured. */
static alpha_result alpha__trainer_device(alpha_trainer *tr) {
    int dev = 0;
    if (tr->cfg.device) {
        alpha_result r = alpha_ctx_add_device(tr->ctx, tr->cfg.device, &dev);
        if (r != ALPHA_OK) {
            if (tr->cfg.device->destroy) tr->cfg.device->destroy(tr->cfg.device->user);   /* ours, and not the context's */
            tr->cfg.device = NULL;
            alpha_ctx_error(tr->ctx, r, "alpha_trainer_create: the device could not be added (incomplete backend?)");
            return r;
        }
        alpha_ctx_set_device(tr->ctx, dev);
    }
    tr->capture = dev != 0 && !tr->cfg.no_capture && tr->cfg.device->capture_begin != NULL;
    tr->cfg.device = NULL;   /* read here only: the context owns the backend now */
    if (tr->capture && tr->cfg.model.dropout > 0) {
        tr->capture = 0;
        alpha_ctx_log(tr->ctx, ALPHA_LOG_INFO, "alpha_trainer: step capture is off because dropout > 0 (a replay would repeat its mask)");
    }
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_trainer_create(const alpha_trainer_desc *desc, const int32_t *tokens, size_t count, alpha_trainer **out) {
    alpha_trainer *tr;
    alpha_ctx_desc cd;
    alpha_data_desc dd;
    alpha_result r;
    size_t bt;
    if (!out) return ALPHA_ERR_INVALID;
    *out = NULL;
    tr = (alpha_trainer *)malloc(sizeof *tr);
    if (!tr) return ALPHA_ERR_OOM;
    memset(tr, 0, sizeof *tr);
    tr->cfg = alpha_trainer_desc_resolve(desc);
    memset(&cd, 0, sizeof cd);
    cd.n_threads = tr->cfg.n_threads;
    cd.seed = tr->cfg.seed;
    cd.logger = tr->cfg.logger;
    cd.allocator = tr->cfg.allocator;
    r = alpha_ctx_create(&tr->ctx, &cd);
    if (r != ALPHA_OK && tr->cfg.device && tr->cfg.device->destroy) tr->cfg.device->destroy(tr->cfg.device->user);   /* ours now */
    if (r == ALPHA_OK) r = alpha__trainer_device(tr);
    if (r == ALPHA_OK) r = alpha_gpt_create(tr->ctx, &tr->cfg.model, &tr->model);
    if (r == ALPHA_OK) r = alpha_adamw_create(tr->ctx, tr->model->params, tr->model->n_params, &tr->cfg.optim, &tr->opt);
    if (r == ALPHA_OK) {
        memset(&dd, 0, sizeof dd);
        dd.batch_size = tr->cfg.batch_size;
        dd.seq_len = tr->cfg.seq_len;
        dd.val_fraction = tr->cfg.val_fraction;
        dd.seed = tr->cfg.seed;
        dd.vocab_size = tr->cfg.model.vocab_size;
        dd.logger = tr->cfg.logger;
        r = alpha_data_create(&dd, tokens, count, &tr->data);
    }
    bt = (size_t)tr->cfg.batch_size * (size_t)tr->cfg.seq_len;
    tr->x = (int32_t *)malloc(bt * sizeof *tr->x);
    tr->y = (int32_t *)malloc(bt * sizeof *tr->y);
    tr->tokens = (int32_t *)malloc(2 * (size_t)tr->cfg.accum_steps * bt * sizeof *tr->tokens);
    if (r == ALPHA_OK && (!tr->x || !tr->y || !tr->tokens)) r = ALPHA_ERR_OOM;
    if (r == ALPHA_OK) {   /* persistent, before the step mark: a captured step reads and writes them on every replay */
        int64_t dims[4];
        dims[0] = 2; dims[1] = tr->cfg.accum_steps; dims[2] = tr->cfg.batch_size; dims[3] = tr->cfg.seq_len;
        tr->tokens_t = alpha_zeros(tr->ctx, ALPHA_I32, alpha_shape_n(4, dims));
        tr->loss_t = alpha_zeros(tr->ctx, ALPHA_F32, alpha_shape1(1));
        r = alpha_ctx_status(tr->ctx);
    }
    if (r != ALPHA_OK) { alpha_trainer_destroy(tr); return r; }
    tr->loss_scale = tr->graph_scale = tr->cfg.loss_scale;
    tr->step_mark = alpha_ctx_mark(tr->ctx);
    *out = tr;
    return ALPHA_OK;
}

/* Micro-batch k's inputs (which = 0) or targets (1): a [B, T] view of tokens_t. */
static alpha_tensor *alpha__trainer_tokens(alpha_trainer *tr, int which, int k) {
    alpha_tensor *t = alpha_narrow(tr->ctx, alpha_narrow(tr->ctx, tr->tokens_t, 0, which, 1), 1, k, 1);
    return alpha_reshape(tr->ctx, t, alpha_shape2(tr->cfg.batch_size, tr->cfg.seq_len));
}

/* The device work of one step: micro-batches of forward + backward, then the update. It reads
   nothing back, so it can be captured once and replayed. */
static void alpha__trainer_record_step(alpha_trainer *tr) {
    alpha_ctx *ctx = tr->ctx;
    int k;
    alpha_adamw_zero_grad(tr->opt);
    for (k = 0; k < tr->cfg.accum_steps; k++) {
        alpha_tensor *xt = alpha__trainer_tokens(tr, 0, k), *yt = alpha__trainer_tokens(tr, 1, k);
        alpha_tensor *l = alpha_gpt_loss(tr->model, xt, yt, 1);
        if (k == 0) alpha_assign(ctx, tr->loss_t, alpha_reshape(ctx, l, alpha_shape1(1)));   /* no fill + add */
        else alpha_add_into(ctx, tr->loss_t, alpha_reshape(ctx, l, alpha_shape1(1)));
        if (alpha_backward(ctx, l, tr->loss_scale == 1.0f ? NULL : alpha_full_on(ctx, alpha_tensor_device(l), ALPHA_F32, alpha_tensor_shape(l),
                                                                                    (double)tr->loss_scale)) != ALPHA_OK)
            break;
        alpha_ctx_reset(ctx, tr->step_mark);
    }
    alpha_ctx_reset(ctx, tr->step_mark);
    if (alpha_ctx_status(ctx) == ALPHA_OK) alpha_adamw_record(tr->opt, 1.0f / ((float)tr->cfg.accum_steps * tr->loss_scale));
}

/* Runs the step's device work: recorded op by op, captured (first step on a device that can), or
   replayed. */
static alpha_result alpha__trainer_run_step(alpha_trainer *tr) {
    alpha_ctx *ctx = tr->ctx;
    alpha_result r;
    if (tr->graph && tr->graph_scale != tr->loss_scale) {   /* the scale is baked into the captured step */
        alpha_graph_destroy(ctx, tr->graph);
        tr->graph = NULL;
    }
    if (tr->graph) return alpha_graph_replay(ctx, tr->graph);
    if (tr->capture) {
        tr->graph_scale = tr->loss_scale;
        r = alpha_capture_begin(ctx, alpha_ctx_device(ctx));
        if (r != ALPHA_OK) return r;
        alpha__trainer_record_step(tr);
        r = alpha_capture_end(ctx, &tr->graph);
        alpha_ctx_reset(ctx, tr->step_mark);
        return r;
    }
    alpha__trainer_record_step(tr);
    return alpha_ctx_status(ctx);
}

/* dynamic loss scaling after a step (skipped: its gradients were not finite) */
static void alpha__trainer_rescale(alpha_trainer *tr, int skipped) {
    if (tr->cfg.loss_scale == 1.0f) return;   /* off */
    if (skipped && tr->loss_scale > 1.0f) {
        tr->loss_scale *= 0.5f;
        tr->good_steps = 0;
        alpha__tr_log(&tr->cfg.logger, ALPHA_LOG_INFO, "alpha_trainer_step: gradients overflowed at step %lld: loss scale halved to %g",
                      (long long)tr->step, (double)tr->loss_scale);
    } else if (!skipped && ++tr->good_steps >= tr->cfg.loss_scale_window && tr->loss_scale < ALPHA__TR_MAX_LOSS_SCALE) {
        tr->loss_scale *= 2.0f;
        tr->good_steps = 0;
    }
}
ALPHA_API alpha_result alpha_trainer_step(alpha_trainer *tr, alpha_step_stats *stats) {
    alpha_ctx *ctx;
    alpha_lr_desc sched;
    alpha_adamw_report rep;
    double t0 = alpha_train_now();
    size_t bt;
    int k;
    float lr, loss = 0;
    if (!tr) return ALPHA_ERR_INVALID;
    ctx = tr->ctx;
    if (alpha_ctx_status(ctx) != ALPHA_OK) return alpha_ctx_status(ctx);
    bt = (size_t)tr->cfg.batch_size * (size_t)tr->cfg.seq_len;
    for (k = 0; k < tr->cfg.accum_steps; k++) {
        if (alpha_data_next_batch(tr->data, tr->tokens + k * bt, tr->tokens + (tr->cfg.accum_steps + k) * bt) != ALPHA_OK) {
            alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_trainer_step: %s", alpha_data_last_error(tr->data));
            return alpha_ctx_status(ctx);
        }
    }
    sched.lr = tr->cfg.optim.lr; sched.warmup = tr->cfg.warmup_steps; sched.total = tr->cfg.steps; sched.min_ratio = tr->cfg.min_lr_ratio;
    lr = alpha_lr_at(&sched, tr->step);
    if (alpha_tensor_write(ctx, tr->tokens_t, tr->tokens, 2 * (size_t)tr->cfg.accum_steps * bt * sizeof *tr->tokens) != ALPHA_OK ||
        alpha_adamw_prepare(tr->opt, lr) != ALPHA_OK || alpha__trainer_run_step(tr) != ALPHA_OK ||
        alpha_tensor_read(ctx, tr->loss_t, &loss, sizeof loss) != ALPHA_OK || alpha_adamw_finish(tr->opt, &rep) != ALPHA_OK)
        return alpha_ctx_status(ctx) != ALPHA_OK ? alpha_ctx_status(ctx) : ALPHA_ERR_DEVICE;
    tr->step++;
    if (stats) stats->loss_scale = tr->loss_scale;
    alpha__trainer_rescale(tr, rep.skipped);
    if (stats) {
        double dt = alpha_train_now() - t0;
        stats->step = tr->step;
        stats->loss = (double)loss / tr->cfg.accum_steps;
        stats->lr = lr;
        stats->grad_norm = rep.grad_norm;
        stats->skipped = rep.skipped;
        stats->ms = dt * 1e3;
        stats->tokens_per_s = dt > 0 ? (double)bt * tr->cfg.accum_steps / dt : 0;
    }
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_trainer_eval(alpha_trainer *tr, int max_batches, double *val_loss) {
    alpha_ctx *ctx;
    double sum = 0;
    int64_t tokens = 0;
    int batches = 0, prev, rows;
    if (!tr || !val_loss) return ALPHA_ERR_INVALID;
    ctx = tr->ctx;
    *val_loss = NAN;
    prev = alpha_no_grad_begin(ctx);
    alpha_data_val_reset(tr->data);
    while ((max_batches <= 0 || batches < max_batches) && alpha_data_val_next(tr->data, tr->x, tr->y, &rows) == ALPHA_OK && rows > 0) {
        int T = tr->cfg.seq_len;
        alpha_tensor *xt = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(rows, T), tr->x);
        alpha_tensor *yt = alpha_from_data(ctx, ALPHA_I32, alpha_shape2(rows, T), tr->y);
        sum += alpha_tensor_item(ctx, alpha_gpt_loss(tr->model, xt, yt, 0)) * rows * T;
        tokens += (int64_t)rows * T;
        batches++;
        alpha_ctx_reset(ctx, tr->step_mark);
    }
    alpha_no_grad_end(ctx, prev);
    if (alpha_ctx_status(ctx) != ALPHA_OK) return alpha_ctx_status(ctx);
    if (tokens) *val_loss = sum / (double)tokens;
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_trainer_save(alpha_trainer *tr, const char *path, const alpha_tokenizer *tok) {
    alpha_train_state st;
    if (!tr || !path) return ALPHA_ERR_INVALID;
    memset(&st, 0, sizeof st);
    st.step = tr->step;
    st.rng = alpha_ctx_rng(tr->ctx);
    alpha_data_get_state(tr->data, &st.data);
    st.loss_scale = tr->loss_scale;
    return alpha_checkpoint_save(path, tr->model, tr->opt, tok, &st, &tr->cfg.logger);
}

ALPHA_API alpha_result alpha_trainer_resume(alpha_trainer *tr, const char *path, char *err, size_t cap) {
    alpha_checkpoint *ck;
    alpha_result r;
    if (!tr || !path) return ALPHA_ERR_INVALID;
    r = alpha_checkpoint_open(path, NULL, &ck, err, cap);
    if (r != ALPHA_OK) return r;
    r = alpha_checkpoint_restore(ck, tr->model, tr->opt, err, cap);
    if (r == ALPHA_OK && alpha_data_set_state(tr->data, &ck->state.data) != ALPHA_OK)
        r = alpha__ck_fail(err, cap, "data position: %s", alpha_data_last_error(tr->data));
    if (r == ALPHA_OK) {
        tr->step = ck->state.step;
        alpha_ctx_set_rng(tr->ctx, ck->state.rng);
        if (tr->cfg.loss_scale != 1.0f && ck->state.loss_scale >= 1.0f) tr->loss_scale = ck->state.loss_scale;   /* scaling on: where it was */
    }
    alpha_checkpoint_close(ck);
    return r;
}

/* =========================================================================================
   SECTION 10 (implementation): ACTIVATION SEARCH
   ========================================================================================= */

static const char *const alpha__sym_leaf_names[ALPHA_EXPR_N_LEAVES] = {
    "x", "silu", "relu", "gelu", "tanh", "square", "sigmoid"
};

static int alpha__sym_arity(int op) {
    if (op == ALPHA_EXPR_SCALE) return 1;
    if (op == ALPHA_EXPR_ADD || op == ALPHA_EXPR_MUL) return 2;
    return 0;
}

ALPHA_API uint64_t alpha_symbio_rand(uint64_t *rng) {
    uint64_t z = (*rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
ALPHA_API int alpha_symbio_rand_int(uint64_t *rng, int n) {
    if (n <= 1) { (void)alpha_symbio_rand(rng); return 0; }
    return (int)(alpha_symbio_rand(rng) % (uint64_t)n);
}
static double alpha__sym_uniform(uint64_t *rng) { return (double)(alpha_symbio_rand(rng) >> 11) * (1.0 / 9007199254740992.0); }

/* End (one past) of the subtree starting at i, or -1 when it runs off the array. */
static int alpha__sym_end(const alpha_expr_node *nodes, int n, int i) {
    int need = 1;
    while (need > 0) {
        if (i >= n || nodes[i].op < 0 || nodes[i].op >= ALPHA_EXPR_OP_COUNT) return -1;
        need += alpha__sym_arity(nodes[i].op) - 1;
        i++;
    }
    return i;
}
static int alpha__sym_depth_at(const alpha_expr_node *nodes, int *i) {
    int op = nodes[*i].op, a = alpha__sym_arity(op), d = 0, k, dk;
    (*i)++;
    for (k = 0; k < a; k++) { dk = alpha__sym_depth_at(nodes, i); if (dk > d) d = dk; }
    return d + 1;
}

ALPHA_API alpha_expr alpha_expr_leaf(alpha_expr_op op) {
    alpha_expr e;
    memset(&e, 0, sizeof e);
    e.n = 1;
    e.nodes[0].op = ((int)op >= 0 && (int)op < ALPHA_EXPR_N_LEAVES) ? (int)op : ALPHA_EXPR_X;
    return e;
}
ALPHA_API int alpha_expr_size(const alpha_expr *e) { return e ? e->n : 0; }
ALPHA_API int alpha_expr_valid(const alpha_expr *e) {
    int i;
    if (!e || e->n < 1 || e->n > ALPHA_EXPR_MAX_NODES) return 0;
    if (alpha__sym_end(e->nodes, e->n, 0) != e->n) return 0;
    for (i = 0; i < e->n; i++) {
        if (e->nodes[i].op == ALPHA_EXPR_SCALE) { if (!(fabsf(e->nodes[i].c) <= 1e6f)) return 0; }
        else if (e->nodes[i].c != 0) return 0;
    }
    i = 0;
    return alpha__sym_depth_at(e->nodes, &i) <= ALPHA_EXPR_MAX_DEPTH;
}
ALPHA_API int alpha_expr_depth(const alpha_expr *e) {
    int i = 0;
    if (!e || e->n < 1 || e->n > ALPHA_EXPR_MAX_NODES || alpha__sym_end(e->nodes, e->n, 0) != e->n) return 0;
    return alpha__sym_depth_at(e->nodes, &i);
}
ALPHA_API int alpha_expr_equal(const alpha_expr *a, const alpha_expr *b) {
    int i;
    if (a->n != b->n) return 0;
    for (i = 0; i < a->n; i++) if (a->nodes[i].op != b->nodes[i].op || a->nodes[i].c != b->nodes[i].c) return 0;
    return 1;
}

static alpha_tensor *alpha__sym_eval_at(alpha_ctx *ctx, const alpha_expr *e, int *i, alpha_tensor *x) {
    const alpha_expr_node *nd = &e->nodes[(*i)++];
    alpha_tensor *a, *b;
    switch (nd->op) {
    case ALPHA_EXPR_X: return x;
    case ALPHA_EXPR_SILU: return alpha_silu(ctx, x);
    case ALPHA_EXPR_RELU: return alpha_relu(ctx, x);
    case ALPHA_EXPR_GELU: return alpha_gelu(ctx, x);
    case ALPHA_EXPR_TANH: return alpha_tanh(ctx, x);
    case ALPHA_EXPR_SQUARE: return alpha_mul(ctx, x, x);
    case ALPHA_EXPR_SIGMOID: return alpha_sigmoid(ctx, x);
    case ALPHA_EXPR_SCALE:
        a = alpha__sym_eval_at(ctx, e, i, x);
        return a ? alpha_scale(ctx, a, nd->c) : NULL;
    default:
        a = alpha__sym_eval_at(ctx, e, i, x);
        b = alpha__sym_eval_at(ctx, e, i, x);
        if (!a || !b) return NULL;
        return nd->op == ALPHA_EXPR_ADD ? alpha_add(ctx, a, b) : alpha_mul(ctx, a, b);
    }
}
ALPHA_API alpha_tensor *alpha_expr_eval(alpha_ctx *ctx, const alpha_expr *e, alpha_tensor *x) {
    int i = 0;
    if (!ctx || !x) return NULL;
    if (!alpha_expr_valid(e)) {
        alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_expr_eval: invalid expression (%d nodes)", e ? e->n : -1);
        return NULL;
    }
    return alpha__sym_eval_at(ctx, e, &i, x);
}

static double alpha__sym_scalar_at(const alpha_expr *e, int *i, double x) {
    const alpha_expr_node *nd = &e->nodes[(*i)++];
    double a, b;
    switch (nd->op) {
    case ALPHA_EXPR_X: return x;
    case ALPHA_EXPR_SILU: return x / (1.0 + exp(-x));
    case ALPHA_EXPR_RELU: return x > 0 ? x : 0;
    case ALPHA_EXPR_GELU: return 0.5 * x * (1.0 + tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)));
    case ALPHA_EXPR_TANH: return tanh(x);
    case ALPHA_EXPR_SQUARE: return x * x;
    case ALPHA_EXPR_SIGMOID: return 1.0 / (1.0 + exp(-x));
    case ALPHA_EXPR_SCALE: return (double)nd->c * alpha__sym_scalar_at(e, i, x);
    default:
        a = alpha__sym_scalar_at(e, i, x);
        b = alpha__sym_scalar_at(e, i, x);
        return nd->op == ALPHA_EXPR_ADD ? a + b : a * b;
    }
}
ALPHA_API double alpha_expr_eval_scalar(const alpha_expr *e, double x) {
    int i = 0;
    if (!alpha_expr_valid(e)) return NAN;
    return alpha__sym_scalar_at(e, &i, x);
}

/* ---- printing and parsing */
typedef struct alpha__sym_buf { char *p; size_t cap, len; } alpha__sym_buf;
static void alpha__sym_puts(alpha__sym_buf *b, const char *s) {
    for (; *s; s++, b->len++) if (b->len + 1 < b->cap) { b->p[b->len] = *s; b->p[b->len + 1] = 0; }
}
/* The shortest of %.6g / %.9g that reads back as the same float, with '.' whatever the locale. */
static void alpha__sym_float_str(float v, char *out, size_t cap) {
    char dp = alpha__tr_decimal_point(), *c;
    snprintf(out, cap, "%.6g", (double)v);
    if ((float)strtod(out, NULL) != v) snprintf(out, cap, "%.9g", (double)v);
    if (dp != '.') for (c = out; *c; c++) if (*c == dp) *c = '.';
}
static void alpha__sym_print_at(const alpha_expr *e, int *i, alpha__sym_buf *b) {
    const alpha_expr_node *nd = &e->nodes[(*i)++];
    char num[48];
    if (nd->op == ALPHA_EXPR_X) { alpha__sym_puts(b, "x"); return; }
    if (nd->op < ALPHA_EXPR_N_LEAVES) { alpha__sym_puts(b, alpha__sym_leaf_names[nd->op]); alpha__sym_puts(b, "(x)"); return; }
    if (nd->op == ALPHA_EXPR_SCALE) {
        alpha__sym_float_str(nd->c, num, sizeof num);
        alpha__sym_puts(b, "scale("); alpha__sym_puts(b, num); alpha__sym_puts(b, ", ");
        alpha__sym_print_at(e, i, b);
        alpha__sym_puts(b, ")");
        return;
    }
    alpha__sym_puts(b, nd->op == ALPHA_EXPR_ADD ? "add(" : "mul(");
    alpha__sym_print_at(e, i, b);
    alpha__sym_puts(b, ", ");
    alpha__sym_print_at(e, i, b);
    alpha__sym_puts(b, ")");
}
ALPHA_API size_t alpha_expr_to_string(const alpha_expr *e, char *buf, size_t cap) {
    alpha__sym_buf b;
    int i = 0;
    b.p = buf; b.cap = buf ? cap : 0; b.len = 0;
    if (b.cap) buf[0] = 0;
    if (!alpha_expr_valid(e)) { alpha__sym_puts(&b, "<invalid>"); return b.len; }
    alpha__sym_print_at(e, &i, &b);
    return b.len;
}

typedef struct alpha__sym_parser {
    const char *s;
    size_t pos;
    alpha_expr *out;
    char *err;
    size_t err_cap;
    int failed;
} alpha__sym_parser;
static void alpha__sym_perr(alpha__sym_parser *p, const char *what) {
    if (p->failed) return;
    p->failed = 1;
    if (p->err && p->err_cap) snprintf(p->err, p->err_cap, "col %d: %s", (int)p->pos + 1, what);
}
static void alpha__sym_ws(alpha__sym_parser *p) { while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n' || p->s[p->pos] == '\r') p->pos++; }
static int alpha__sym_expect(alpha__sym_parser *p, char ch) {
    char msg[32];
    alpha__sym_ws(p);
    if (p->s[p->pos] != ch) { snprintf(msg, sizeof msg, "expected '%c'", ch); alpha__sym_perr(p, msg); return 0; }
    p->pos++;
    return 1;
}
static int alpha__sym_number(alpha__sym_parser *p, float *v) {
    char tmp[64], dp = alpha__tr_decimal_point(), *end;
    size_t n = 0;
    double d;
    alpha__sym_ws(p);
    while (n + 1 < sizeof tmp) {
        char ch = p->s[p->pos + n];
        if ((ch >= '0' && ch <= '9') || ch == '-' || ch == '+' || ch == 'e' || ch == 'E') tmp[n] = ch;
        else if (ch == '.') tmp[n] = dp;
        else break;
        n++;
    }
    tmp[n] = 0;
    d = n ? strtod(tmp, &end) : 0;
    if (!n || *end || !(fabs(d) <= 1e6)) { alpha__sym_perr(p, "expected a number (|c| <= 1e6)"); return 0; }
    p->pos += n;
    *v = (float)d;
    return 1;
}
static void alpha__sym_parse_at(alpha__sym_parser *p, int depth) {
    char name[16];
    size_t n = 0;
    int op = -1, k, node;
    if (p->failed) return;
    alpha__sym_ws(p);
    while (n + 1 < sizeof name && p->s[p->pos + n] >= 'a' && p->s[p->pos + n] <= 'z') { name[n] = p->s[p->pos + n]; n++; }
    name[n] = 0;
    if (!strcmp(name, "scale")) op = ALPHA_EXPR_SCALE;
    else if (!strcmp(name, "add")) op = ALPHA_EXPR_ADD;
    else if (!strcmp(name, "mul")) op = ALPHA_EXPR_MUL;
    else for (k = 0; k < ALPHA_EXPR_N_LEAVES; k++) if (!strcmp(name, alpha__sym_leaf_names[k])) op = k;
    if (op < 0) { alpha__sym_perr(p, "expected x, silu, relu, gelu, tanh, square, sigmoid, scale, add or mul"); return; }
    if (depth > ALPHA_EXPR_MAX_DEPTH) { alpha__sym_perr(p, "tree deeper than ALPHA_EXPR_MAX_DEPTH"); return; }
    if (p->out->n >= ALPHA_EXPR_MAX_NODES) { alpha__sym_perr(p, "more than ALPHA_EXPR_MAX_NODES nodes"); return; }
    p->pos += n;
    node = p->out->n++;
    p->out->nodes[node].op = op;
    p->out->nodes[node].c = 0;
    if (op == ALPHA_EXPR_X) return;
    if (!alpha__sym_expect(p, '(')) return;
    if (op < ALPHA_EXPR_N_LEAVES) {
        alpha__sym_ws(p);
        if (p->s[p->pos] != 'x') { alpha__sym_perr(p, "a basis function takes x"); return; }
        p->pos++;
    } else if (op == ALPHA_EXPR_SCALE) {
        if (!alpha__sym_number(p, &p->out->nodes[node].c) || !alpha__sym_expect(p, ',')) return;
        alpha__sym_parse_at(p, depth + 1);
    } else {
        alpha__sym_parse_at(p, depth + 1);
        if (p->failed || !alpha__sym_expect(p, ',')) return;
        alpha__sym_parse_at(p, depth + 1);
    }
    if (!p->failed) alpha__sym_expect(p, ')');
}
ALPHA_API alpha_result alpha_expr_parse(const char *s, alpha_expr *out, char *err, size_t err_cap) {
    alpha__sym_parser p;
    alpha_expr e;
    if (err && err_cap) err[0] = 0;
    if (!s || !out) { if (err && err_cap) snprintf(err, err_cap, "alpha_expr_parse: NULL argument"); return ALPHA_ERR_INVALID; }
    memset(&e, 0, sizeof e);
    memset(&p, 0, sizeof p);
    p.s = s; p.out = &e; p.err = err; p.err_cap = err_cap;
    alpha__sym_parse_at(&p, 1);
    if (!p.failed) { alpha__sym_ws(&p); if (p.s[p.pos]) alpha__sym_perr(&p, "unexpected text after the expression"); }
    if (p.failed) return ALPHA_ERR_FORMAT;
    *out = e;
    return ALPHA_OK;
}

/* ---- mutation and crossover */

/* out = e with the subtree at `at` replaced by sub (sub_n nodes); 0 when out of bounds. */
static int alpha__sym_replace(const alpha_expr *e, int at, const alpha_expr_node *sub, int sub_n, alpha_expr *out) {
    int end = alpha__sym_end(e->nodes, e->n, at), n;
    alpha_expr r;
    if (end < 0) return 0;
    n = at + sub_n + (e->n - end);
    if (n < 1 || n > ALPHA_EXPR_MAX_NODES) return 0;
    memset(&r, 0, sizeof r);
    memcpy(r.nodes, e->nodes, (size_t)at * sizeof r.nodes[0]);
    memcpy(r.nodes + at, sub, (size_t)sub_n * sizeof r.nodes[0]);
    memcpy(r.nodes + at + sub_n, e->nodes + end, (size_t)(e->n - end) * sizeof r.nodes[0]);
    r.n = n;
    if (!alpha_expr_valid(&r)) return 0;
    *out = r;
    return 1;
}
static float alpha__sym_const(uint64_t *rng) {
    static const float pool[] = {0.25f, 0.5f, 1.0f, 2.0f, -0.5f, -1.0f, 0.1f, 1.5f};
    return pool[alpha_symbio_rand_int(rng, (int)(sizeof pool / sizeof pool[0]))];
}
/* Rounded to 2 decimals and clamped to [-8, 8], so the printed form stays short. */
static float alpha__sym_round_const(double c) {
    if (c > 8) c = 8;
    if (c < -8) c = -8;
    return (float)(floor(c * 100.0 + 0.5) / 100.0);
}
ALPHA_API alpha_expr alpha_expr_random(uint64_t *rng, int max_nodes) {
    alpha_expr e = alpha_expr_leaf((alpha_expr_op)(1 + alpha_symbio_rand_int(rng, ALPHA_EXPR_N_LEAVES - 1)));
    int k, grow;
    if (max_nodes > ALPHA_EXPR_MAX_NODES) max_nodes = ALPHA_EXPR_MAX_NODES;
    grow = alpha_symbio_rand_int(rng, 3);
    for (k = 0; k < grow; k++) {
        alpha_expr t = e;
        if (alpha_expr_mutate(&t, rng) && t.n <= max_nodes) e = t;
    }
    return e;
}

ALPHA_API int alpha_expr_mutate(alpha_expr *e, uint64_t *rng) {
    int attempt;
    if (!e || !rng || !alpha_expr_valid(e)) return 0;
    for (attempt = 0; attempt < 32; attempt++) {
        alpha_expr r;
        alpha_expr_node sub[ALPHA_EXPR_MAX_NODES + 3];
        int kind = alpha_symbio_rand_int(rng, 7), at = alpha_symbio_rand_int(rng, e->n);
        int end = alpha__sym_end(e->nodes, e->n, at), len = end - at, ok = 0, k;
        memset(sub, 0, sizeof sub);
        switch (kind) {
        case 0: /* swap a basis function */
            if (e->nodes[at].op < ALPHA_EXPR_N_LEAVES) {
                r = *e;
                r.nodes[at].op = alpha_symbio_rand_int(rng, ALPHA_EXPR_N_LEAVES);
                ok = 1;
            }
            break;
        case 1: /* add a term: add(S, leaf) or add(S, scale(c, leaf)) */
            sub[0].op = ALPHA_EXPR_ADD;
            memcpy(sub + 1, e->nodes + at, (size_t)len * sizeof sub[0]);
            k = 1 + len;
            if (alpha_symbio_rand_int(rng, 2)) { sub[k].op = ALPHA_EXPR_SCALE; sub[k].c = alpha__sym_const(rng); k++; }
            sub[k].op = alpha_symbio_rand_int(rng, ALPHA_EXPR_N_LEAVES); k++;
            ok = alpha__sym_replace(e, at, sub, k, &r);
            break;
        case 2: /* gate: mul(S, sigmoid(x)) or mul(S, tanh(x)) */
            sub[0].op = ALPHA_EXPR_MUL;
            memcpy(sub + 1, e->nodes + at, (size_t)len * sizeof sub[0]);
            sub[1 + len].op = alpha_symbio_rand_int(rng, 2) ? ALPHA_EXPR_SIGMOID : ALPHA_EXPR_TANH;
            ok = alpha__sym_replace(e, at, sub, len + 2, &r);
            break;
        case 3: /* perturb a scale, or wrap S in one */
            if (e->nodes[at].op == ALPHA_EXPR_SCALE) {
                r = *e;
                r.nodes[at].c = alpha__sym_round_const((double)r.nodes[at].c * exp(0.5 * (alpha__sym_uniform(rng) * 2 - 1)) +
                                                       0.1 * (alpha__sym_uniform(rng) * 2 - 1));
                ok = 1;
            } else {
                sub[0].op = ALPHA_EXPR_SCALE; sub[0].c = alpha__sym_const(rng);
                memcpy(sub + 1, e->nodes + at, (size_t)len * sizeof sub[0]);
                ok = alpha__sym_replace(e, at, sub, len + 1, &r);
            }
            break;
        case 4: /* prune: an inner node becomes one of its children */
            if (alpha__sym_arity(e->nodes[at].op) > 0) {
                int c0 = at + 1, c1 = alpha__sym_end(e->nodes, e->n, c0), pick = c0;
                if (alpha__sym_arity(e->nodes[at].op) == 2 && alpha_symbio_rand_int(rng, 2)) pick = c1;
                len = alpha__sym_end(e->nodes, e->n, pick) - pick;
                memcpy(sub, e->nodes + pick, (size_t)len * sizeof sub[0]);
                ok = alpha__sym_replace(e, at, sub, len, &r);
            }
            break;
        case 5: /* add <-> mul */
            if (e->nodes[at].op == ALPHA_EXPR_ADD || e->nodes[at].op == ALPHA_EXPR_MUL) {
                r = *e;
                r.nodes[at].op = e->nodes[at].op == ALPHA_EXPR_ADD ? ALPHA_EXPR_MUL : ALPHA_EXPR_ADD;
                ok = 1;
            }
            break;
        default: /* replace a subtree by a fresh leaf */
            sub[0].op = alpha_symbio_rand_int(rng, ALPHA_EXPR_N_LEAVES);
            ok = alpha__sym_replace(e, at, sub, 1, &r);
            break;
        }
        if (ok && alpha_expr_valid(&r) && !alpha_expr_equal(&r, e)) { *e = r; return 1; }
    }
    return 0;
}

ALPHA_API void alpha_expr_crossover(const alpha_expr *a, const alpha_expr *b, uint64_t *rng, alpha_expr *out) {
    int attempt;
    if (!out) return;
    if (!a || !alpha_expr_valid(a)) { *out = alpha_expr_leaf(ALPHA_EXPR_GELU); return; }
    *out = *a;
    if (!b || !rng || !alpha_expr_valid(b)) return;
    for (attempt = 0; attempt < 16; attempt++) {
        int at = alpha_symbio_rand_int(rng, a->n), from = alpha_symbio_rand_int(rng, b->n);
        int len = alpha__sym_end(b->nodes, b->n, from) - from;
        alpha_expr r;
        if (alpha__sym_replace(a, at, b->nodes + from, len, &r)) { *out = r; return; }
    }
}

/* ---- genomes */
static const char *const alpha__sym_kind_names[ALPHA_SYMBIO_KIND_COUNT] = { "gelu", "relu", "silu", "mix", "expr", "swiglu" };

static size_t alpha__sym_gene_str(const alpha_symbio_gene *g, char *buf, size_t cap) {
    if (g->kind == ALPHA_SYMBIO_EXPR) return alpha_expr_to_string(&g->expr, buf, cap);
    if (g->kind < 0 || g->kind >= ALPHA_SYMBIO_KIND_COUNT) return (size_t)snprintf(buf, cap, "<invalid>");
    return (size_t)snprintf(buf, cap, "%s", alpha__sym_kind_names[g->kind]);
}
ALPHA_API size_t alpha_symbio_genome_to_string(const alpha_symbio_genome *g, char *buf, size_t cap) {
    alpha__sym_buf b;
    char part[512], hdr[24];
    int l;
    b.p = buf; b.cap = buf ? cap : 0; b.len = 0;
    if (b.cap) buf[0] = 0;
    if (!g || g->n_layers < 1 || g->n_layers > ALPHA_SYMBIO_MAX_LAYERS) { alpha__sym_puts(&b, "<invalid>"); return b.len; }
    for (l = 0; l < g->n_layers; l++) {
        alpha__sym_gene_str(&g->layer[l], part, sizeof part);
        if (g->n_layers > 1) { snprintf(hdr, sizeof hdr, "%sL%d=", l ? " " : "", l); alpha__sym_puts(&b, hdr); }
        alpha__sym_puts(&b, part);
    }
    return b.len;
}
static void alpha__sym_gparse_fail(char *err, size_t cap, const char *fmt, ...) ALPHA__TR_PRINTF(3, 4);
static void alpha__sym_gparse_fail(char *err, size_t cap, const char *fmt, ...) {
    va_list ap;
    if (!err || !cap) return;
    va_start(ap, fmt);
    vsnprintf(err, cap, fmt, ap);
    va_end(ap);
}
ALPHA_API alpha_result alpha_symbio_genome_parse(const char *s, alpha_symbio_genome *out, char *err, size_t err_cap) {
    alpha_symbio_genome g;
    char gene[512], why[128];
    size_t pos = 0, end;
    int per_layer, l, k, idx;
    if (err && err_cap) err[0] = 0;
    if (!s || !out) { alpha__sym_gparse_fail(err, err_cap, "alpha_symbio_genome_parse: NULL argument"); return ALPHA_ERR_INVALID; }
    memset(&g, 0, sizeof g);
    per_layer = s[0] == 'L';
    for (l = 0;; l++) {
        if (l >= ALPHA_SYMBIO_MAX_LAYERS) { alpha__sym_gparse_fail(err, err_cap, "more than %d layers", ALPHA_SYMBIO_MAX_LAYERS); return ALPHA_ERR_FORMAT; }
        if (per_layer) {   /* "L<l>=" */
            end = pos + 1;
            for (idx = 0; s[pos] == 'L' && s[end] >= '0' && s[end] <= '9' && end - pos < 4; end++) idx = idx * 10 + (s[end] - '0');
            if (s[pos] != 'L' || end == pos + 1 || idx != l || s[end] != '=') {
                alpha__sym_gparse_fail(err, err_cap, "col %d: expected L%d=", (int)pos + 1, l);
                return ALPHA_ERR_FORMAT;
            }
            pos = end + 1;
        }
        /* a gene runs to the next " L" (expressions are lower case) or to the end */
        for (end = pos; s[end] && !(per_layer && s[end] == ' ' && s[end + 1] == 'L'); end++) {}
        if (end - pos >= sizeof gene) { alpha__sym_gparse_fail(err, err_cap, "col %d: gene too long", (int)pos + 1); return ALPHA_ERR_FORMAT; }
        memcpy(gene, s + pos, end - pos);
        gene[end - pos] = 0;
        for (k = 0; k < ALPHA_SYMBIO_KIND_COUNT; k++) if (k != ALPHA_SYMBIO_EXPR && !strcmp(gene, alpha__sym_kind_names[k])) break;
        g.layer[l].kind = k < ALPHA_SYMBIO_KIND_COUNT ? k : ALPHA_SYMBIO_EXPR;
        if (k == ALPHA_SYMBIO_KIND_COUNT && alpha_expr_parse(gene, &g.layer[l].expr, why, sizeof why) != ALPHA_OK) {
            alpha__sym_gparse_fail(err, err_cap, "layer %d at col %d: not gelu, relu, silu, swiglu, mix or an expression (%s)", l, (int)pos + 1, why);
            return ALPHA_ERR_FORMAT;
        }
        if (!s[end]) break;
        pos = end + 1;
    }
    g.n_layers = l + 1;
    *out = g;
    return ALPHA_OK;
}
ALPHA_API int alpha_symbio_genome_size(const alpha_symbio_genome *g) {
    int l, s = 0;
    for (l = 0; g && l < g->n_layers && l < ALPHA_SYMBIO_MAX_LAYERS; l++) if (g->layer[l].kind == ALPHA_SYMBIO_EXPR) s += g->layer[l].expr.n;
    return s;
}
static int alpha__sym_genome_equal(const alpha_symbio_genome *a, const alpha_symbio_genome *b) {
    int l;
    if (a->n_layers != b->n_layers) return 0;
    for (l = 0; l < a->n_layers; l++) {
        if (a->layer[l].kind != b->layer[l].kind) return 0;
        if (a->layer[l].kind == ALPHA_SYMBIO_EXPR && !alpha_expr_equal(&a->layer[l].expr, &b->layer[l].expr)) return 0;
    }
    return 1;
}
static int alpha__sym_genome_valid(const alpha_symbio_genome *g) {
    int l;
    if (!g || g->n_layers < 1 || g->n_layers > ALPHA_SYMBIO_MAX_LAYERS) return 0;
    for (l = 0; l < g->n_layers; l++) {
        if (g->layer[l].kind < 0 || g->layer[l].kind >= ALPHA_SYMBIO_KIND_COUNT) return 0;
        if (g->layer[l].kind == ALPHA_SYMBIO_EXPR && !alpha_expr_valid(&g->layer[l].expr)) return 0;
    }
    return 1;
}

ALPHA_API alpha_tensor *alpha_symbio_activation(alpha_ctx *ctx, alpha_tensor *h, alpha_tensor *param, int layer, void *user) {
    const alpha_symbio_genome *g = (const alpha_symbio_genome *)user;
    const alpha_symbio_gene *gene;
    if (!g || g->n_layers < 1 || g->n_layers > ALPHA_SYMBIO_MAX_LAYERS || layer < 0 || (g->n_layers > 1 && layer >= g->n_layers)) {
        alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_symbio_activation: no gene for layer %d (genome %p with %d layers)", layer,
                        user, g ? g->n_layers : 0);
        return NULL;
    }
    gene = &g->layer[g->n_layers == 1 ? 0 : layer];
    switch (gene->kind) {
    case ALPHA_SYMBIO_GELU: return alpha_gelu(ctx, h);
    case ALPHA_SYMBIO_RELU: return alpha_relu(ctx, h);
    case ALPHA_SYMBIO_SILU: return alpha_silu(ctx, h);
    case ALPHA_SYMBIO_SWIGLU: {   /* h is [..., 2F] (alpha_symbio_fc_mult): value, then gate, as ALPHA_ACT_SWIGLU */
        int64_t F = h ? h->shape[h->ndim - 1] / 2 : 0;
        return alpha_mul(ctx, alpha_narrow(ctx, h, -1, 0, F), alpha_silu(ctx, alpha_narrow(ctx, h, -1, F, F)));
    }
    case ALPHA_SYMBIO_MIX: {
        alpha_tensor *basis[ALPHA_SYMBIO_MIX_ROWS], *out = NULL;
        int k;
        if (!param || param->ndim != 2 || param->shape[0] < ALPHA_SYMBIO_MIX_ROWS) {
            alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_symbio_activation: layer %d is a mix but has no [%d, F] parameter", layer,
                            ALPHA_SYMBIO_MIX_ROWS);
            return NULL;
        }
        basis[0] = alpha_silu(ctx, h); basis[1] = alpha_relu(ctx, h); basis[2] = alpha_gelu(ctx, h);
        basis[3] = h; basis[4] = alpha_mul(ctx, h, h);
        for (k = 0; k < ALPHA_SYMBIO_MIX_ROWS; k++) {
            alpha_tensor *t = alpha_mul(ctx, basis[k], alpha_narrow(ctx, param, 0, k, 1));
            out = out ? alpha_add(ctx, out, t) : t;
        }
        return out;
    }
    case ALPHA_SYMBIO_EXPR: return alpha_expr_eval(ctx, &gene->expr, h);
    default:
        alpha_ctx_error(ctx, ALPHA_ERR_INVALID, "alpha_symbio_activation: layer %d has unknown kind %d", layer, gene->kind);
        return NULL;
    }
}
ALPHA_API void alpha_symbio_init(float *param, int rows, int64_t F, int layer, void *user) {
    int64_t j;
    int r;
    (void)layer; (void)user;
    for (r = 0; r < rows; r++) for (j = 0; j < F; j++) param[(int64_t)r * F + j] = r == 2 ? 1.0f : 0.0f;   /* starts as GELU */
}
ALPHA_API void alpha_symbio_apply(const alpha_symbio_genome *g, alpha_gpt_desc *model) {
    int l, mix = 0;
    if (!g || !model) return;
    for (l = 0; l < g->n_layers && l < ALPHA_SYMBIO_MAX_LAYERS; l++) if (g->layer[l].kind == ALPHA_SYMBIO_MIX) mix = 1;
    model->activation = ALPHA_ACT_CUSTOM;
    model->activation_fn = alpha_symbio_activation;
    model->activation_init = alpha_symbio_init;
    model->activation_param_rows = mix ? ALPHA_SYMBIO_MIX_ROWS : 0;
    model->activation_fc_mult = alpha_symbio_fc_mult;
    model->activation_user = (void *)(uintptr_t)g;   /* read only */
}
/* The kind of layer's gene (the shared one when n_layers is 1), -1 when there is none. */
static int alpha__sym_kind_at(const alpha_symbio_genome *g, int layer) {
    if (!g || g->n_layers < 1 || g->n_layers > ALPHA_SYMBIO_MAX_LAYERS || layer < 0 || (g->n_layers > 1 && layer >= g->n_layers)) return -1;
    return g->layer[g->n_layers == 1 ? 0 : layer].kind;
}
ALPHA_API int alpha_symbio_fc_mult(int layer, void *user) {
    /* without a gene: 1, and alpha_symbio_activation reports the missing gene */
    return alpha__sym_kind_at((const alpha_symbio_genome *)user, layer) == ALPHA_SYMBIO_SWIGLU ? 2 : 1;
}

static void alpha__sym_random_gene(alpha_symbio_gene *g, uint64_t *rng) {
    memset(g, 0, sizeof *g);
    g->kind = alpha_symbio_rand_int(rng, ALPHA_SYMBIO_KIND_COUNT);
    if (g->kind == ALPHA_SYMBIO_EXPR) g->expr = alpha_expr_random(rng, 7);
}
ALPHA_API int alpha_symbio_genome_mutate(alpha_symbio_genome *g, uint64_t *rng) {
    int attempt;
    if (!alpha__sym_genome_valid(g) || !rng) return 0;
    for (attempt = 0; attempt < 16; attempt++) {
        alpha_symbio_gene *gene = &g->layer[alpha_symbio_rand_int(rng, g->n_layers)];
        alpha_symbio_gene old = *gene;
        if (gene->kind == ALPHA_SYMBIO_EXPR && alpha__sym_uniform(rng) < 0.8) {
            if (alpha_expr_mutate(&gene->expr, rng)) return 1;
            continue;
        }
        /* change the layer's choice; a fixed function becomes the matching leaf, then one mutation */
        gene->kind = (old.kind + 1 + alpha_symbio_rand_int(rng, ALPHA_SYMBIO_KIND_COUNT - 1)) % ALPHA_SYMBIO_KIND_COUNT;
        memset(&gene->expr, 0, sizeof gene->expr);
        if (gene->kind == ALPHA_SYMBIO_EXPR) {
            if (old.kind == ALPHA_SYMBIO_RELU || old.kind == ALPHA_SYMBIO_SILU || old.kind == ALPHA_SYMBIO_GELU) {
                gene->expr = alpha_expr_leaf(old.kind == ALPHA_SYMBIO_RELU ? ALPHA_EXPR_RELU
                                             : old.kind == ALPHA_SYMBIO_SILU ? ALPHA_EXPR_SILU : ALPHA_EXPR_GELU);
                alpha_expr_mutate(&gene->expr, rng);
            } else gene->expr = alpha_expr_random(rng, 7);
        }
        return 1;
    }
    return 0;
}
ALPHA_API void alpha_symbio_genome_crossover(const alpha_symbio_genome *a, const alpha_symbio_genome *b, uint64_t *rng,
                                             alpha_symbio_genome *out) {
    int l;
    if (!out || !a) return;
    *out = *a;
    if (!b || !rng || !alpha__sym_genome_valid(a) || !alpha__sym_genome_valid(b) || a->n_layers != b->n_layers) return;
    for (l = 0; l < a->n_layers; l++) {
        const alpha_symbio_gene *ga = &a->layer[l], *gb = &b->layer[l];
        if (ga->kind == ALPHA_SYMBIO_EXPR && gb->kind == ALPHA_SYMBIO_EXPR && (a->n_layers == 1 || alpha_symbio_rand_int(rng, 2))) {
            out->layer[l].kind = ALPHA_SYMBIO_EXPR;
            alpha_expr_crossover(&ga->expr, &gb->expr, rng, &out->layer[l].expr);
        } else out->layer[l] = alpha_symbio_rand_int(rng, 2) ? *gb : *ga;
    }
}

/* ---- weights: the shared initial weights, and trained ones kept for continue_from_parent */
typedef struct alpha__sym_weights {
    int n;                     /* parameters; 0: none kept */
    char (*name)[64];
    alpha_shape *shape;
    int64_t *offset;           /* of each parameter in data, in floats */
    float *data;
    int64_t total;             /* floats in data */
    uint64_t data_step;        /* the loader's position after training */
} alpha__sym_weights;

static void alpha__sym_weights_free(alpha__sym_weights *w) {
    free(w->name); free(w->shape); free(w->offset); free(w->data);
    memset(w, 0, sizeof *w);
}
static alpha_result alpha__sym_weights_alloc(alpha__sym_weights *w, int n, int64_t total) {
    alpha__sym_weights_free(w);
    w->name = (char (*)[64])calloc((size_t)n, sizeof *w->name);
    w->shape = (alpha_shape *)calloc((size_t)n, sizeof *w->shape);
    w->offset = (int64_t *)calloc((size_t)n, sizeof *w->offset);
    w->data = (float *)malloc((size_t)total * sizeof *w->data);
    if (!w->name || !w->shape || !w->offset || !w->data) { alpha__sym_weights_free(w); return ALPHA_ERR_OOM; }
    w->n = n;
    w->total = total;
    return ALPHA_OK;
}
/* A host copy of every parameter of m. */
static alpha_result alpha__sym_weights_take(alpha_gpt *m, alpha__sym_weights *w) {
    int64_t total = 0;
    int i;
    alpha_result r;
    for (i = 0; i < m->n_params; i++) total += alpha_tensor_numel(m->params[i]);
    r = alpha__sym_weights_alloc(w, m->n_params, total);
    for (i = 0, total = 0; r == ALPHA_OK && i < m->n_params; i++) {
        const alpha_tensor *t = m->params[i];
        snprintf(w->name[i], sizeof w->name[i], "%s", m->names[i]);
        w->shape[i].ndim = t->ndim;
        memcpy(w->shape[i].d, t->shape, (size_t)t->ndim * sizeof t->shape[0]);
        w->offset[i] = total;
        r = alpha_tensor_to_f32(m->ctx, t, w->data + total, alpha_tensor_numel(t));
        total += alpha_tensor_numel(t);
    }
    if (r != ALPHA_OK) alpha__sym_weights_free(w);
    return r;
}
static alpha_result alpha__sym_weights_copy(const alpha__sym_weights *src, alpha__sym_weights *dst) {
    alpha_result r;
    if (!src->n) { alpha__sym_weights_free(dst); return ALPHA_OK; }
    r = alpha__sym_weights_alloc(dst, src->n, src->total);
    if (r != ALPHA_OK) return r;
    memcpy(dst->name, src->name, (size_t)src->n * sizeof *src->name);
    memcpy(dst->shape, src->shape, (size_t)src->n * sizeof *src->shape);
    memcpy(dst->offset, src->offset, (size_t)src->n * sizeof *src->offset);
    memcpy(dst->data, src->data, (size_t)src->total * sizeof *src->data);
    dst->data_step = src->data_step;
    return ALPHA_OK;
}
/* The index of the parameter called name with t's shape, or -1. */
static int alpha__sym_weights_find(const alpha__sym_weights *w, const char *name, const alpha_tensor *t) {
    int i;
    for (i = 0; w && i < w->n; i++)
        if (!strcmp(w->name[i], name))
            return w->shape[i].ndim == t->ndim && !memcmp(w->shape[i].d, t->shape, (size_t)t->ndim * sizeof t->shape[0]) ? i : -1;
    return -1;
}
/* Fills m's parameters from parent (trained with genome pg; may be NULL) where name and shape
   match, except a layer's mix coefficients when that layer was no mix in pg (they were never
   trained); the rest from init where name and shape match; anything else keeps its value. */
static alpha_result alpha__sym_weights_load(alpha_gpt *m, const alpha__sym_weights *parent, const alpha_symbio_genome *pg,
                                            const alpha__sym_weights *init) {
    int i, l, k;
    alpha_result r = ALPHA_OK;
    for (i = 0; r == ALPHA_OK && i < m->n_params; i++) {
        alpha_tensor *t = m->params[i];
        const alpha__sym_weights *src = parent;
        k = alpha__sym_weights_find(parent, m->names[i], t);
        for (l = 0; k >= 0 && l < m->cfg.n_layer; l++)
            if (t == m->layers[l].act && alpha__sym_kind_at(pg, l) != ALPHA_SYMBIO_MIX) k = -1;
        if (k < 0) { src = init; k = alpha__sym_weights_find(init, m->names[i], t); }
        if (k >= 0) r = alpha_tensor_from_f32(m->ctx, t, src->data + src->offset[k], alpha_tensor_numel(t));
    }
    return r;
}

/* A trainer for genome g (base: resolved, steps set) started from the shared initial weights
   (init, and the dropout stream init_rng that follows them) or, given a parent, from its
   trained weights and data position. */
static alpha_result alpha__sym_trainer(const alpha_trainer_desc *base, const alpha_symbio_genome *g, const int32_t *tokens, size_t count,
                                       const alpha__sym_weights *init, alpha_rng_state init_rng, const alpha__sym_weights *parent,
                                       const alpha_symbio_genome *pg, alpha_trainer **out) {
    alpha_trainer_desc td = *base;
    alpha_data_state ds;
    alpha_result r;
    alpha_symbio_apply(g, &td.model);
    r = alpha_trainer_create(&td, tokens, count, out);
    if (r == ALPHA_OK) r = alpha__sym_weights_load((*out)->model, parent, pg, init);
    if (r == ALPHA_OK) alpha_ctx_set_rng((*out)->ctx, init_rng);
    if (r == ALPHA_OK && parent) {
        alpha_data_get_state((*out)->data, &ds);
        ds.step = parent->data_step;
        r = alpha_data_set_state((*out)->data, &ds);
    }
    if (r != ALPHA_OK) { alpha_trainer_destroy(*out); *out = NULL; }
    return r;
}
/* The shared initial weights: those of the GELU baseline (its parameters have the names and
   shapes of every other genome's, but for a swiglu layer's c_fc and the mix coefficients). */
static alpha_result alpha__sym_init_weights(const alpha_trainer_desc *base, const int32_t *tokens, size_t count, alpha__sym_weights *init,
                                            alpha_rng_state *rng) {
    alpha_symbio_genome g;
    alpha_trainer_desc td = *base;
    alpha_trainer *tr = NULL;
    alpha_result r;
    memset(&g, 0, sizeof g);
    g.n_layers = 1;
    alpha_symbio_apply(&g, &td.model);
    r = alpha_trainer_create(&td, tokens, count, &tr);
    if (r == ALPHA_OK) r = alpha__sym_weights_take(tr->model, init);
    if (r == ALPHA_OK) *rng = alpha_ctx_rng(tr->ctx);
    alpha_trainer_destroy(tr);
    return r;
}
static alpha_trainer_desc alpha__sym_base(const alpha_symbio_desc *d) {
    alpha_trainer_desc b = d->base;
    b.steps = d->steps > 0 ? d->steps : 50;
    return alpha_trainer_desc_resolve(&b);
}
ALPHA_API alpha_result alpha_symbio_trainer_create(const alpha_symbio_desc *desc, const alpha_symbio_genome *g, const int32_t *tokens,
                                                   size_t count, alpha_trainer **out) {
    alpha_trainer_desc base;
    alpha__sym_weights init;
    alpha_rng_state rng;
    alpha_result r;
    if (out) *out = NULL;
    if (!desc || !g || !tokens || !out) return ALPHA_ERR_INVALID;
    base = alpha__sym_base(desc);
    base.n_threads = desc->n_threads;
    memset(&init, 0, sizeof init);
    r = alpha__sym_init_weights(&base, tokens, count, &init, &rng);
    if (r == ALPHA_OK) r = alpha__sym_trainer(&base, g, tokens, count, &init, rng, NULL, NULL, out);
    alpha__sym_weights_free(&init);
    return r;
}

/* ---- the search */
typedef struct alpha__sym_job {
    alpha_trainer_desc base;   /* resolved, steps set */
    int eval_batches;
    double size_penalty;
    const int32_t *tokens;
    size_t count;
    alpha_symbio_candidate **todo;
    const alpha_symbio_candidate *cands;   /* every candidate, by id */
    alpha__sym_weights init;   /* the shared initial weights */
    alpha_rng_state init_rng;
    alpha__sym_weights *weights;   /* by id, with continue_from_parent: trained weights of the population */
} alpha__sym_job;

static double alpha__sym_fitness(const alpha_symbio_candidate *c, double penalty) {
    double f = c->val_loss + penalty * (double)c->expr_size;
    return (c->status == ALPHA_OK && f == f && f < HUGE_VAL) ? f : HUGE_VAL;
}
static void alpha__sym_train_task(void *user, int task, int n_tasks) {
    alpha__sym_job *j = (alpha__sym_job *)user;
    alpha_symbio_candidate *c = j->todo[task];
    alpha_trainer_desc td = j->base;
    alpha_trainer *tr = NULL;
    alpha_step_stats st;
    double t0 = alpha_train_now(), sums[ALPHA_SYMBIO_CURVE], tail = 0, val = NAN;
    int counts[ALPHA_SYMBIO_CURVE], k;
    int64_t s, steps = td.steps, tail_from = steps - (steps / 10 > 0 ? steps / 10 : 1);
    (void)n_tasks;
    memset(sums, 0, sizeof sums);
    memset(counts, 0, sizeof counts);
    c->n_curve = steps < ALPHA_SYMBIO_CURVE ? (int)steps : ALPHA_SYMBIO_CURVE;
    c->expr_size = alpha_symbio_genome_size(&c->genome);
    c->status = alpha__sym_trainer(&td, &c->genome, j->tokens, j->count, &j->init, j->init_rng,
                                   c->init_from >= 0 ? &j->weights[c->init_from] : NULL,
                                   c->init_from >= 0 ? &j->cands[c->init_from].genome : NULL, &tr);
    for (s = 0; c->status == ALPHA_OK && s < steps; s++) {
        c->status = alpha_trainer_step(tr, &st);
        if (c->status != ALPHA_OK) break;
        k = (int)(s * c->n_curve / steps);
        sums[k] += st.loss; counts[k]++;
        if (s >= tail_from) tail += st.loss;
    }
    if (c->status == ALPHA_OK) c->status = alpha_trainer_eval(tr, j->eval_batches, &val);
    if (c->status == ALPHA_OK && j->weights) {   /* kept while it may be a parent */
        alpha_data_state ds;
        c->status = alpha__sym_weights_take(tr->model, &j->weights[c->id]);
        alpha_data_get_state(tr->data, &ds);
        j->weights[c->id].data_step = ds.step;
    }
    alpha_trainer_destroy(tr);
    for (k = 0; k < c->n_curve; k++) c->curve[k] = counts[k] ? (float)(sums[k] / counts[k]) : NAN;
    c->train_loss = c->status == ALPHA_OK ? tail / (double)(steps - tail_from) : NAN;
    c->val_loss = c->status == ALPHA_OK ? val : NAN;
    c->fitness = alpha__sym_fitness(c, j->size_penalty);
    c->seconds = alpha_train_now() - t0;
}

/* better: lower fitness, then lower id */
static int alpha__sym_better(const alpha_symbio_candidate *a, const alpha_symbio_candidate *b) {
    return a->fitness < b->fitness || (a->fitness == b->fitness && a->id < b->id);
}
static int alpha__sym_tournament(const alpha_symbio_candidate *cs, const int *pop, int n, int size, uint64_t *rng) {
    int k, best = pop[alpha_symbio_rand_int(rng, n)];
    for (k = 1; k < size; k++) {
        int o = pop[alpha_symbio_rand_int(rng, n)];
        if (alpha__sym_better(&cs[o], &cs[best])) best = o;
    }
    return best;
}
static void alpha__sym_log(const alpha_logger *lg, alpha_log_level lv, const char *msg) {
    if (lg && lg->func) lg->func(lg->user_data, lv, msg);
    else if (lv >= ALPHA_LOG_WARN) fprintf(stderr, "alpha: %s\n", msg);
}

ALPHA_API void alpha_symbio_result_free(alpha_symbio_result *r) {
    if (!r) return;
    free(r->candidates);
    memset(r, 0, sizeof *r);
}

ALPHA_API alpha_result alpha_symbio_run(const alpha_symbio_desc *desc, const int32_t *tokens, size_t count, alpha_symbio_result *out) {
    alpha_symbio_desc d;
    alpha__sym_job job;
    alpha_symbio_candidate *cs = NULL, **todo = NULL;
    int *pop = NULL, *next = NULL, n = 0, cap, P, G, E, T, L, g, i, k;
    alpha_ctx *pool = NULL;
    alpha_ctx_desc cd;
    uint64_t rng;
    char msg[512];
    alpha_result r = ALPHA_OK;
    double t_start = alpha_train_now();
    static const int fixed[5] = {ALPHA_SYMBIO_GELU /* the baseline */, ALPHA_SYMBIO_RELU, ALPHA_SYMBIO_SILU, ALPHA_SYMBIO_MIX,
                                 ALPHA_SYMBIO_SWIGLU};
    if (out) memset(out, 0, sizeof *out);
    if (!desc || !tokens || !out) return ALPHA_ERR_INVALID;
    d = *desc;
    P = d.population > 0 ? d.population : 8;
    G = d.generations > 0 ? d.generations : 3;
    E = d.elite > 0 ? d.elite : 1;
    if (E > P) E = P;
    T = d.tournament > 0 ? d.tournament : 3;
    if (d.steps <= 0) d.steps = 50;
    if (d.eval_batches <= 0) d.eval_batches = 8;
    if (d.crossover_rate == 0) d.crossover_rate = 0.5;
    rng = d.seed ? d.seed : 1;
    memset(&job, 0, sizeof job);
    job.base = alpha__sym_base(&d);
    job.base.n_threads = 1;
    L = d.shared_across_layers ? 1 : job.base.model.n_layer;
    if (L < 1 || L > ALPHA_SYMBIO_MAX_LAYERS || !(d.size_penalty >= 0) || P > 100000 || G > 100000) {
        snprintf(msg, sizeof msg, "alpha_symbio_run: bad config: %d layers (max %d per-layer genes), size_penalty %g, population %d, generations %d",
                 job.base.model.n_layer, ALPHA_SYMBIO_MAX_LAYERS, d.size_penalty, P, G);
        alpha__sym_log(&d.logger, ALPHA_LOG_ERROR, msg);
        return ALPHA_ERR_INVALID;
    }
    job.eval_batches = d.eval_batches;
    job.size_penalty = d.size_penalty;
    job.tokens = tokens;
    job.count = count;
    cap = P + (G - 1) * (P - E);
    cs = (alpha_symbio_candidate *)calloc((size_t)cap, sizeof *cs);
    todo = (alpha_symbio_candidate **)calloc((size_t)P, sizeof *todo);
    pop = (int *)calloc((size_t)P, sizeof *pop);
    next = (int *)calloc((size_t)P, sizeof *next);
    memset(&cd, 0, sizeof cd);
    cd.n_threads = d.n_threads;
    cd.logger = d.logger;
    if (d.continue_from_parent) job.weights = (alpha__sym_weights *)calloc((size_t)cap, sizeof *job.weights);
    if (!cs || !todo || !pop || !next || (d.continue_from_parent && !job.weights)) r = ALPHA_ERR_OOM;
    job.todo = todo;
    job.cands = cs;
    if (r == ALPHA_OK) r = alpha__sym_init_weights(&job.base, tokens, count, &job.init, &job.init_rng);
    if (r == ALPHA_OK) r = alpha_ctx_create(&pool, &cd);
    for (g = 0; r == ALPHA_OK && g < G; g++) {
        int first = n, n_new = 0, n_pop = 0;
        if (g > 0 && d.max_seconds > 0 && alpha_train_now() - t_start > d.max_seconds) break;   /* out of time */
        if (g == 0) {
            for (i = 0; i < P; i++) {
                alpha_symbio_candidate *c = &cs[n];
                c->id = n; c->generation = 0; c->parent[0] = c->parent[1] = c->init_from = -1;
                c->total_steps = d.steps;
                c->genome.n_layers = L;
                for (k = 0; k < L; k++) {
                    if (i < 5) c->genome.layer[k].kind = fixed[i];
                    else alpha__sym_random_gene(&c->genome.layer[k], &rng);
                }
                next[n_pop++] = n++;
            }
        } else {
            for (i = 0; i < E; i++) next[n_pop++] = pop[i];           /* pop is sorted best first */
            while (n_pop < P) {
                alpha_symbio_candidate *c = &cs[n];
                int a = alpha__sym_tournament(cs, pop, P, T, &rng), b = -1;
                c->id = n; c->generation = g;
                if (d.crossover_rate > 0 && alpha__sym_uniform(&rng) < d.crossover_rate) {
                    b = alpha__sym_tournament(cs, pop, P, T, &rng);
                    alpha_symbio_genome_crossover(&cs[a].genome, &cs[b].genome, &rng, &c->genome);
                    if (alpha__sym_genome_equal(&c->genome, &cs[a].genome) || alpha__sym_genome_equal(&c->genome, &cs[b].genome) ||
                        alpha__sym_uniform(&rng) < 0.5)
                        alpha_symbio_genome_mutate(&c->genome, &rng);
                    if (b == a) b = -1;
                } else {
                    c->genome = cs[a].genome;
                    alpha_symbio_genome_mutate(&c->genome, &rng);
                }
                c->parent[0] = a; c->parent[1] = b;
                c->init_from = d.continue_from_parent && cs[a].status == ALPHA_OK ? a : -1;   /* a failed parent has no weights */
                c->total_steps = d.steps + (c->init_from >= 0 ? cs[a].total_steps : 0);
                next[n_pop++] = n++;
            }
        }
        /* identical genomes from the same start train identically: copy instead of training again
           (with continue_from_parent only from a candidate whose weights are or will be kept) */
        for (i = first; i < n; i++) {
            for (k = 0; k < i; k++)
                if (alpha__sym_genome_equal(&cs[i].genome, &cs[k].genome) && cs[i].init_from == cs[k].init_from &&
                    (!job.weights || k >= first || job.weights[k].n))
                    break;
            if (k < i && (k < first || !cs[k].cached)) {
                alpha_symbio_candidate keep = cs[i];
                cs[i] = cs[k];
                cs[i].id = keep.id; cs[i].generation = keep.generation;
                cs[i].parent[0] = keep.parent[0]; cs[i].parent[1] = keep.parent[1];
                cs[i].cached = 1 + k;   /* resolved after training, below */
                cs[i].seconds = 0;
            } else todo[n_new++] = &cs[i];
        }
        alpha_ctx_run_tasks(pool, n_new, alpha__sym_train_task, &job);
        for (i = first; i < n; i++) {
            if (cs[i].cached) {
                const alpha_symbio_candidate *src = &cs[cs[i].cached - 1];
                cs[i].status = src->status; cs[i].train_loss = src->train_loss; cs[i].val_loss = src->val_loss;
                cs[i].fitness = src->fitness; cs[i].expr_size = src->expr_size; cs[i].n_curve = src->n_curve;
                memcpy(cs[i].curve, src->curve, sizeof cs[i].curve);
                if (job.weights && alpha__sym_weights_copy(&job.weights[src->id], &job.weights[i]) != ALPHA_OK) cs[i].status = ALPHA_ERR_OOM;
                cs[i].cached = 1;
            }
            if (cs[i].status != ALPHA_OK) {
                char gs[256];
                alpha_symbio_genome_to_string(&cs[i].genome, gs, sizeof gs);
                snprintf(msg, sizeof msg, "alpha_symbio_run: candidate %d (%s) failed: %s", i, gs, alpha_result_str(cs[i].status));
                alpha__sym_log(&d.logger, ALPHA_LOG_WARN, msg);
            }
            if (d.on_candidate) d.on_candidate(d.user, &cs[i]);
        }
        /* the population, best first (insertion sort: small) */
        for (i = 0; i < P; i++) {
            int v = next[i];
            for (k = i; k > 0 && alpha__sym_better(&cs[v], &cs[pop[k - 1]]); k--) pop[k] = pop[k - 1];
            pop[k] = v;
        }
        for (i = 0; job.weights && i < n; i++) {   /* only the population can be a parent */
            for (k = 0; k < P && pop[k] != i; k++) {}
            if (k == P) alpha__sym_weights_free(&job.weights[i]);
        }
    }
    alpha_ctx_destroy(pool);
    for (i = 0; job.weights && i < cap; i++) alpha__sym_weights_free(&job.weights[i]);
    free(job.weights);
    alpha__sym_weights_free(&job.init);
    free(todo); free(pop); free(next);
    if (r != ALPHA_OK) { free(cs); return r; }
    out->candidates = cs;
    out->n_candidates = n;
    out->generations = g;
    out->baseline = 0;
    out->best = 0;
    for (i = 1; i < n; i++) if (alpha__sym_better(&cs[i], &cs[out->best])) out->best = i;
    return ALPHA_OK;
}

/* ---- output */
static void alpha__sym_num(FILE *f, double v) {
    char b[48], dp = alpha__tr_decimal_point(), *c;
    if (!(v == v) || v >= HUGE_VAL || v <= -HUGE_VAL) { fputs("null", f); return; }
    snprintf(b, sizeof b, "%.6g", v);
    if (dp != '.') for (c = b; *c; c++) if (*c == dp) *c = '.';
    fputs(b, f);
}
static void alpha__sym_jstr(FILE *f, const char *s) {
    fputc('"', f);
    for (; *s; s++) { if (*s == '"' || *s == '\\') fputc('\\', f); if ((unsigned char)*s >= 0x20) fputc(*s, f); }
    fputc('"', f);
}
ALPHA_API alpha_result alpha_symbio_write_jsonl(const alpha_symbio_result *r, const char *path) {
    FILE *f;
    int i, l, k;
    char s[4096];
    if (!r || !path) return ALPHA_ERR_INVALID;
    f = fopen(path, "wb");
    if (!f) return ALPHA_ERR_IO;
    for (i = 0; i < r->n_candidates; i++) {
        const alpha_symbio_candidate *c = &r->candidates[i];
        fprintf(f, "{\"id\":%d,\"parents\":[", c->id);
        if (c->parent[0] >= 0) fprintf(f, "%d", c->parent[0]);
        if (c->parent[1] >= 0) fprintf(f, ",%d", c->parent[1]);
        fprintf(f, "],\"generation\":%d,\"genome\":", c->generation);
        alpha_symbio_genome_to_string(&c->genome, s, sizeof s);
        alpha__sym_jstr(f, s);
        fputs(",\"layers\":[", f);
        for (l = 0; l < c->genome.n_layers; l++) {
            alpha__sym_gene_str(&c->genome.layer[l], s, sizeof s);
            if (l) fputc(',', f);
            alpha__sym_jstr(f, s);
        }
        fprintf(f, "],\"init_from\":%d,\"total_steps\":%lld,\"status\":\"%s\",\"train_loss\":", c->init_from, (long long)c->total_steps,
                alpha_result_str(c->status));
        alpha__sym_num(f, c->train_loss);
        fputs(",\"val_loss\":", f); alpha__sym_num(f, c->val_loss);
        fputs(",\"fitness\":", f); alpha__sym_num(f, c->fitness);
        fprintf(f, ",\"expr_size\":%d,\"cached\":%s,\"seconds\":", c->expr_size, c->cached ? "true" : "false");
        alpha__sym_num(f, c->seconds);
        fputs(",\"curve\":[", f);
        for (k = 0; k < c->n_curve; k++) { if (k) fputc(',', f); alpha__sym_num(f, c->curve[k]); }
        fprintf(f, "]%s}\n", c->id == r->best ? ",\"winner\":true" : "");
    }
    if (fclose(f) != 0) return ALPHA_ERR_IO;
    return ALPHA_OK;
}
ALPHA_API void alpha_symbio_print_report(const alpha_symbio_result *r, FILE *f) {
    char s[4096];
    int g, i;
    const alpha_symbio_candidate *w, *b;
    if (!r || !f || r->n_candidates < 1) return;
    w = &r->candidates[r->best];
    b = &r->candidates[r->baseline];
    fprintf(f, "symbiogenesis: %d candidates over %d generations\n", r->n_candidates, r->generations);
    for (g = 0; g < r->generations; g++) {
        int best = -1;
        for (i = 0; i < r->n_candidates; i++)
            if (r->candidates[i].generation == g && (best < 0 || alpha__sym_better(&r->candidates[i], &r->candidates[best]))) best = i;
        if (best < 0) continue;
        alpha_symbio_genome_to_string(&r->candidates[best].genome, s, sizeof s);
        fprintf(f, "  generation %d: best #%d val %.4f fitness %.4f  %s\n", g, best, r->candidates[best].val_loss,
                r->candidates[best].fitness, s);
    }
    alpha_symbio_genome_to_string(&w->genome, s, sizeof s);
    fprintf(f, "winner #%d (generation %d): val %.4f fitness %.4f  %s\n", w->id, w->generation, w->val_loss, w->fitness, s);
    fprintf(f, "baseline #%d (gelu): val %.4f; winner - baseline = %+.4f\n", b->id, b->val_loss, w->val_loss - b->val_loss);
    if (w->total_steps != b->total_steps)   /* continue_from_parent: not the same budget */
        fprintf(f, "(the winner's weights trained %lld steps along its lineage, the baseline's %lld)\n", (long long)w->total_steps,
                (long long)b->total_steps);
}

/* ---- pictures (the style of alpha_plot_loss_svg: white page, grey grid, Helvetica) */
static void alpha__sym_svg_head(FILE *f, int W, int H, const char *title) {
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
               "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n", W, H, W, H);
    fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H);
    fprintf(f, "<text x=\"%d\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" fill=\"#333333\">%s</text>\n", W / 2, title);
}
static void alpha__sym_svg_esc(FILE *f, const char *s) {
    for (; *s; s++) {
        if (*s == '&') fputs("&amp;", f);
        else if (*s == '<') fputs("&lt;", f);
        else if (*s == '>') fputs("&gt;", f);
        else if (*s == '"') fputs("&quot;", f);
        else if ((unsigned char)*s >= 0x20) fputc(*s, f);
    }
}
/* green (best) to red (worst); grey when not finite */
static void alpha__sym_color(double v, double lo, double hi, char *out, size_t cap) {
    double t;
    if (!(v < HUGE_VAL)) { snprintf(out, cap, "#999999"); return; }
    t = hi > lo ? (v - lo) / (hi - lo) : 0;
    if (t < 0) t = 0;
    if (t > 1) t = 1;
    snprintf(out, cap, "#%02x%02x40", (int)(40 + 200 * t), (int)(200 - 150 * t));
}
static void alpha__sym_pt(FILE *f, double v) {
    char b[32], dp = alpha__tr_decimal_point(), *c;
    snprintf(b, sizeof b, "%.1f", v);
    if (dp != '.') for (c = b; *c; c++) if (*c == dp) *c = '.';
    fputs(b, f);
}
static void alpha__sym_range(const alpha_symbio_result *r, double *lo, double *hi) {
    int i;
    *lo = HUGE_VAL; *hi = -HUGE_VAL;
    for (i = 0; i < r->n_candidates; i++) {
        double v = r->candidates[i].fitness;
        if (v < HUGE_VAL) { if (v < *lo) *lo = v; if (v > *hi) *hi = v; }
    }
}
ALPHA_API alpha_result alpha_symbio_lineage_svg(const alpha_symbio_result *r, const char *path) {
    FILE *f;
    int i, k, *row = NULL, *per_gen = NULL, maxrow = 1, W, H;
    double lo, hi, colw = 140, rowh = 26;
    char col[16], s[2048];
    if (!r || !path || r->n_candidates < 1 || r->generations < 1) return ALPHA_ERR_INVALID;
    row = (int *)calloc((size_t)r->n_candidates, sizeof *row);
    per_gen = (int *)calloc((size_t)r->generations, sizeof *per_gen);
    if (!row || !per_gen) { free(row); free(per_gen); return ALPHA_ERR_OOM; }
    for (i = 0; i < r->n_candidates; i++) {
        int g = r->candidates[i].generation;
        if (g < 0 || g >= r->generations) g = 0;
        row[i] = per_gen[g]++;
        if (per_gen[g] > maxrow) maxrow = per_gen[g];
    }
    W = (int)(80 + colw * r->generations);
    H = (int)(70 + rowh * maxrow);
    f = fopen(path, "wb");
    if (!f) { free(row); free(per_gen); return ALPHA_ERR_IO; }
    alpha__sym_range(r, &lo, &hi);
    alpha__sym_svg_head(f, W, H, "activation search: lineage (colour = fitness, green best)");
    fputs("<g stroke=\"#bbbbbb\" stroke-width=\"1\">\n", f);
    for (i = 0; i < r->n_candidates; i++)
        for (k = 0; k < 2; k++) {
            int p = r->candidates[i].parent[k];
            if (p < 0 || p >= r->n_candidates) continue;
            fputs("<line x1=\"", f); alpha__sym_pt(f, 60 + colw * r->candidates[p].generation);
            fputs("\" y1=\"", f); alpha__sym_pt(f, 50 + rowh * row[p]);
            fputs("\" x2=\"", f); alpha__sym_pt(f, 60 + colw * r->candidates[i].generation);
            fputs("\" y2=\"", f); alpha__sym_pt(f, 50 + rowh * row[i]);
            fprintf(f, "\"%s/>\n", k ? " stroke-dasharray=\"3,3\"" : "");
        }
    fputs("</g>\n", f);
    for (i = 0; i < r->generations; i++) {
        fputs("<text x=\"", f); alpha__sym_pt(f, 60 + colw * i);
        fprintf(f, "\" y=\"%d\" text-anchor=\"middle\" fill=\"#333333\">gen %d</text>\n", H - 8, i);
    }
    for (i = 0; i < r->n_candidates; i++) {
        const alpha_symbio_candidate *c = &r->candidates[i];
        alpha__sym_color(c->fitness, lo, hi, col, sizeof col);
        alpha_symbio_genome_to_string(&c->genome, s, sizeof s);
        fputs("<g><title>#", f);
        fprintf(f, "%d ", c->id);
        alpha__sym_svg_esc(f, s);
        fputs(" fitness ", f); alpha__sym_num(f, c->fitness);
        fputs("</title><circle cx=\"", f); alpha__sym_pt(f, 60 + colw * c->generation);
        fputs("\" cy=\"", f); alpha__sym_pt(f, 50 + rowh * row[i]);
        fprintf(f, "\" r=\"%d\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%d\"/>", i == r->best ? 9 : 7, col,
                i == r->best ? "#000000" : "#333333", i == r->best ? 3 : 1);
        fputs("<text x=\"", f); alpha__sym_pt(f, 72 + colw * c->generation);
        fputs("\" y=\"", f); alpha__sym_pt(f, 54 + rowh * row[i]);
        fprintf(f, "\" font-size=\"10\" fill=\"#333333\">#%d ", c->id);
        if (c->fitness < HUGE_VAL) fprintf(f, "%.3f", c->fitness); else fputs("failed", f);
        fputs("</text></g>\n", f);
    }
    fputs("</svg>\n", f);
    free(row); free(per_gen);
    return fclose(f) == 0 ? ALPHA_OK : ALPHA_ERR_IO;
}
ALPHA_API alpha_result alpha_symbio_curves_svg(const alpha_symbio_result *r, int top, const char *path) {
    static const char *const colors[] = {"#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"};
    FILE *f;
    int pick[9], n_pick = 0, i, k, W = 800, H = 480;
    double y0 = HUGE_VAL, y1 = -HUGE_VAL, px0 = 70, px1 = 560, py0 = 430, py1 = 40;
    char s[2048];
    if (!r || !path || r->n_candidates < 1) return ALPHA_ERR_INVALID;
    if (top <= 0) top = 5;
    if (top > 8) top = 8;
    pick[n_pick++] = r->baseline;
    while (n_pick < top + 1) {   /* the best `top` by fitness, baseline excluded */
        int b = -1;
        for (i = 0; i < r->n_candidates; i++) {
            const alpha_symbio_candidate *c = &r->candidates[i];
            int used = c->cached;   /* a copy of an earlier candidate: same curve */
            for (k = 0; k < n_pick; k++) if (pick[k] == i) used = 1;
            if (!used && c->fitness < HUGE_VAL && (b < 0 || alpha__sym_better(c, &r->candidates[b]))) b = i;
        }
        if (b < 0) break;
        pick[n_pick++] = b;
    }
    for (k = 0; k < n_pick; k++)
        for (i = 0; i < r->candidates[pick[k]].n_curve; i++) {
            double v = r->candidates[pick[k]].curve[i];
            if (v == v) { if (v < y0) y0 = v; if (v > y1) y1 = v; }
        }
    if (!(y0 < y1)) { y0 = 0; y1 = 1; }
    f = fopen(path, "wb");
    if (!f) return ALPHA_ERR_IO;
    alpha__sym_svg_head(f, W, H, "activation search: training loss, best candidates vs GELU baseline");
    fputs("<g stroke=\"#e5e5e5\" stroke-width=\"1\">\n", f);
    for (k = 0; k <= 5; k++) {
        double py = py0 + (py1 - py0) * k / 5.0;
        fputs("<line x1=\"", f); alpha__sym_pt(f, px0); fputs("\" y1=\"", f); alpha__sym_pt(f, py);
        fputs("\" x2=\"", f); alpha__sym_pt(f, px1); fputs("\" y2=\"", f); alpha__sym_pt(f, py); fputs("\"/>\n", f);
    }
    fputs("</g>\n<g fill=\"#333333\" text-anchor=\"end\">\n", f);
    for (k = 0; k <= 5; k++) {
        fputs("<text x=\"", f); alpha__sym_pt(f, px0 - 6); fputs("\" y=\"", f); alpha__sym_pt(f, py0 + (py1 - py0) * k / 5.0 + 4);
        fputs("\">", f); alpha__sym_num(f, y0 + (y1 - y0) * k / 5.0); fputs("</text>\n", f);
    }
    fputs("</g>\n<rect x=\"", f); alpha__sym_pt(f, px0); fputs("\" y=\"", f); alpha__sym_pt(f, py1);
    fputs("\" width=\"", f); alpha__sym_pt(f, px1 - px0); fputs("\" height=\"", f); alpha__sym_pt(f, py0 - py1);
    fputs("\" fill=\"none\" stroke=\"#333333\"/>\n", f);
    fputs("<text x=\"", f); alpha__sym_pt(f, (px0 + px1) / 2); fputs("\" y=\"465\" text-anchor=\"middle\" fill=\"#333333\">training progress</text>\n", f);
    for (k = 0; k < n_pick; k++) {
        const alpha_symbio_candidate *c = &r->candidates[pick[k]];
        const char *colr = k == 0 ? "#1f77b4" : colors[(k - 1) % 8];
        fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%d\" points=\"", colr, k == 0 ? 3 : 2);
        for (i = 0; i < c->n_curve; i++) {
            double v = c->curve[i];
            if (!(v == v)) continue;
            if (i) fputc(' ', f);
            alpha__sym_pt(f, px0 + (px1 - px0) * (c->n_curve > 1 ? (double)i / (c->n_curve - 1) : 0.5));
            fputc(',', f);
            alpha__sym_pt(f, py0 + (py1 - py0) * (v - y0) / (y1 - y0));
        }
        fputs("\"/>\n", f);
        alpha_symbio_genome_to_string(&c->genome, s, sizeof s);
        if (strlen(s) > 40) { s[37] = '.'; s[38] = '.'; s[39] = '.'; s[40] = 0; }
        fputs("<line x1=\"575\" y1=\"", f); alpha__sym_pt(f, 50 + 30.0 * k);
        fputs("\" x2=\"595\" y2=\"", f); alpha__sym_pt(f, 50 + 30.0 * k);
        fprintf(f, "\" stroke=\"%s\" stroke-width=\"3\"/><text x=\"600\" y=\"", colr);
        alpha__sym_pt(f, 54 + 30.0 * k);
        fprintf(f, "\" font-size=\"10\" fill=\"#333333\">%s#%d val ", k == 0 ? "baseline " : "", c->id);
        alpha__sym_num(f, c->val_loss);
        fputs("</text><text x=\"600\" y=\"", f); alpha__sym_pt(f, 66 + 30.0 * k);
        fputs("\" font-size=\"9\" fill=\"#666666\">", f);
        alpha__sym_svg_esc(f, s);
        fputs("</text>\n", f);
    }
    fputs("</svg>\n", f);
    return fclose(f) == 0 ? ALPHA_OK : ALPHA_ERR_IO;
}

#endif /* ALPHA_TRAIN_IMPLEMENTATION */

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
