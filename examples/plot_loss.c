/* examples/plot_loss.c: draw the loss curve of a training run as an SVG.

     cc -O2 -I. examples/plot_loss.c -o plot_loss -lm
     ./plot_loss runs/x/metrics.jsonl out.svg [--title TEXT] [--log] [--size WxH] [--smooth F]

   Reads the JSON Lines metrics file that training writes (one object per step with "step",
   "loss" and, on evaluation steps, "val_loss") and writes train loss (raw and smoothed) and
   validation loss against the step, with axes, ticks and a legend. Lines that are not valid
   JSON (a run still being written) are skipped with a warning. */
#define ALPHA_IMPLEMENTATION
#include "alpha_train.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void) {
    fprintf(stderr, "usage: plot_loss METRICS.jsonl OUT.svg [--title TEXT] [--log] [--size WxH] [--smooth F]\n"
                    "  --smooth F  EMA factor of the smoothed curve in [0,1) (default 0.9; -1 = none)\n");
    return 2;
}

int main(int argc, char **argv) {
    alpha_plot_desc d;
    const char *in = NULL, *out = NULL;
    int i;
    alpha_result r;
    memset(&d, 0, sizeof d);
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--title") == 0 && i + 1 < argc) {
            d.title = argv[++i];
        } else if (strcmp(argv[i], "--log") == 0) {
            d.log_y = 1;
        } else if (strcmp(argv[i], "--size") == 0 && i + 1 < argc) {
            if (sscanf(argv[++i], "%dx%d", &d.width, &d.height) != 2) return usage();
        } else if (strcmp(argv[i], "--smooth") == 0 && i + 1 < argc) {
            d.smooth = atof(argv[++i]);
            if (d.smooth == 0) d.smooth = -1; /* "0" means no smoothing here, not the default */
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            return usage();
        } else if (!in) {
            in = argv[i];
        } else if (!out) {
            out = argv[i];
        } else {
            return usage();
        }
    }
    if (!in || !out) return usage();
    if (!d.title) d.title = in;
    r = alpha_plot_loss_file(&d, in, out);
    if (r != ALPHA_OK) {
        fprintf(stderr, "plot_loss: %s -> %s failed: %s\n", in, out, alpha_result_str(r));
        return 1;
    }
    printf("plot_loss: wrote %s\n", out);
    return 0;
}
