/* examples/vk_info.c: which Vulkan device alpha_vk.h picks and what it can do.
   Build: cc -O2 -I. examples/vk_info.c -o vk_info -lm -lpthread -ldl
   Run:   ./vk_info                       (ALPHA_VK_DEVICE=<name part> picks another device,
                                           ALPHA_VK_VALIDATION=1 turns the validation layer on)
   Exits 0 with a "no Vulkan device" line where there is none. */
#include <stdio.h>
#if defined(__has_include)
#if __has_include(<volk.h>)
#define VK_INFO_HAVE_VOLK 1
#endif
#endif
#ifdef VK_INFO_HAVE_VOLK
#define VOLK_IMPLEMENTATION
#include <volk.h>
#define ALPHA_VULKAN   /* without volk.h: alpha_vk_create reports ALPHA_ERR_UNSUPPORTED */
#endif
#define ALPHA_IMPLEMENTATION
#include "alpha_vk.h"

static const char *type_name(uint32_t t) {
    switch (t) {
    case ALPHA_VK_DEVICE_INTEGRATED: return "integrated GPU";
    case ALPHA_VK_DEVICE_DISCRETE: return "discrete GPU";
    case ALPHA_VK_DEVICE_VIRTUAL: return "virtual GPU";
    case ALPHA_VK_DEVICE_CPU: return "CPU";
    default: return "other";
    }
}
static const char *yes_no(int v) { return v ? "yes" : "no"; }

int main(void) {
    alpha_vk *vk = NULL;
    const alpha_vk_info *in;
    alpha_result r = alpha_vk_create(&vk, NULL);
    if (r != ALPHA_OK) {
        printf("no Vulkan device: %s\n", vk || r == ALPHA_ERR_UNSUPPORTED ? alpha_vk_last_error(vk) : alpha_result_str(r));
        alpha_vk_destroy(vk);
        return 0;
    }
    in = alpha_vk_get_info(vk);
    printf("device:                 %s (%s, vendor 0x%04x, device 0x%04x)\n", in->device_name, type_name(in->device_type),
           in->vendor_id, in->device_id);
    printf("Vulkan version used:    %u.%u\n", in->api_version >> 22, (in->api_version >> 12) & 1023u);
    printf("subgroup size:          %u (range %u..%u)\n", in->subgroup_size, in->min_subgroup_size, in->max_subgroup_size);
    printf("shared memory:          %u bytes\n", in->max_shared_memory);
    printf("workgroup:              %u invocations, size %u x %u x %u\n", in->max_workgroup_invocations,
           in->max_workgroup_size[0], in->max_workgroup_size[1], in->max_workgroup_size[2]);
    printf("workgroup count:        %u x %u x %u\n", in->max_workgroup_count[0], in->max_workgroup_count[1],
           in->max_workgroup_count[2]);
    printf("push constants:         %u bytes\n", in->max_push_constants);
    printf("device-local memory:    %.1f MiB\n", (double)in->device_local_bytes / (1024.0 * 1024.0));
    printf("16-bit storage:         %s\n", yes_no(in->storage_16bit));
    printf("float16 arithmetic:     %s\n", yes_no(in->float16_arith));
    printf("int8 arithmetic:        %s\n", yes_no(in->int8_arith));
    printf("timeline semaphores:    %s\n", yes_no(in->timeline_semaphores));
    printf("subgroup size control:  %s\n", yes_no(in->subgroup_size_control));
    printf("cooperative matrix KHR: %s\n", yes_no(in->coopmat_khr));
    printf("cooperative matrix2 NV: %s\n", yes_no(in->coopmat2_nv));
    printf("bfloat16:               %s\n", yes_no(in->bf16));
    printf("buffer device address:  %s\n", yes_no(in->buffer_device_address));
    printf("push descriptors:       %s\n", yes_no(in->push_descriptors));
    printf("validation layer:       %s\n", yes_no(in->validation));
    alpha_vk_destroy(vk);
    return 0;
}
