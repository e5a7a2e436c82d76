# alpha: make test | make train | make examples | make bench
# CC and CFLAGS may be overridden: make CC=clang CFLAGS=-O3
CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -Wall -Wextra -Wpedantic -Werror
STD      = -std=c99
LIBS     = -lm -lpthread -ldl
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
B        = build

HEADERS  = $(wildcard alpha_*.h)
TEST_SRC = $(wildcard tests/test_*.c)
TESTS    = $(TEST_SRC:tests/%.c=$(B)/%)
SAN_TESTS= $(TEST_SRC:tests/%.c=$(B)/san/%)
CHECKS   = $(wildcard tests/check_*.sh)
EXAMPLES = $(patsubst examples/%.c,$(B)/%,$(wildcard examples/*.c))
BENCHES  = $(patsubst bench/%.c,$(B)/bench_%,$(wildcard bench/*.c))

.PHONY: all test test-fast test-san examples bench clean data train
all: examples

# The main job: fetch the Brown corpus (falls back to the repository's own text), build, train.
train: $(B)/train_gpt
	@$(MAKE) --no-print-directory data || echo "make data failed: training on the repository's own text instead"
	./$(B)/train_gpt $(TRAIN_ARGS)

data: data/brown.txt
data/brown.txt:
	sh examples/fetch_brown.sh

# Everything this machine can run: unit tests, the same tests under ASan+UBSan,
# and the shell checks (compile matrix, symbols, quick starts, cross-compile, ...).
test: $(TESTS) $(SAN_TESTS)
	@sh tests/run.sh $(TESTS) $(SAN_TESTS) $(CHECKS)

test-fast: $(TESTS)
	@sh tests/run.sh $(TESTS)

test-san: $(SAN_TESTS)
	@sh tests/run.sh $(SAN_TESTS)

$(B)/test_%: tests/test_%.c tests/test.h $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) $(STD) -I. $< -o $@ $(LIBS)

$(B)/san/test_%: tests/test_%.c tests/test.h $(HEADERS)
	@mkdir -p $(@D)
	$(CC) -O1 -g $(SAN) $(WARN) $(STD) -I. -DALPHA_TEST_SANITIZE $< -o $@ $(LIBS)

examples: $(EXAMPLES)
$(B)/%: examples/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) $(STD) -I. $< -o $@ $(LIBS)

BENCH_LIBS_sgemm = -lopenblas

bench: $(BENCHES)
	@for b in $(BENCHES); do echo "== $$b"; ./$$b; done
$(B)/bench_%: bench/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -I. $< -o $@ $(LIBS) $(BENCH_LIBS_$*)

clean:
	rm -rf $(B)
