// Runs before the .NET runtime starts (an ELF constructor of the hoist binary; hoist links this file in
// when it is compiled ahead of time). The runtime's first work is to unpack its type data into the
// zero-filled end of the program's writable segment (section .hydrated, about 5 MB): page by page, that
// is some 1,300 page faults, and page faults are what a short command of hoist spends most of its time
// on in a virtual machine (about 12 ms of `hoist --version`'s 38 ms, measured on Hoist's test VM).
// Asking for transparent huge pages there and populating the range in one call turns them into a few
// faults. Both calls are hints: a kernel that does not know them (MADV_POPULATE_WRITE is Linux 5.14)
// or a machine without huge pages refuses them, and nothing changes.
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <sys/mman.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

// Called for each loaded object, the program first: prepares the zero-filled part of its writable
// segment (.bss and .hydrated: memory size beyond file size), then stops.
static int prepare_program(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    const uintptr_t page = 4096;
    for (int i = 0; i < info->dlpi_phnum; i++)
    {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        if (segment->p_type != PT_LOAD || !(segment->p_flags & PF_W) || segment->p_memsz <= segment->p_filesz)
        {
            continue;
        }

        uintptr_t start = info->dlpi_addr + segment->p_vaddr + segment->p_filesz;
        uintptr_t end = info->dlpi_addr + segment->p_vaddr + segment->p_memsz;
        start = (start + page - 1) & ~(page - 1);
        end = (end + page - 1) & ~(page - 1);
        if (end > start)
        {
            madvise((void *)start, end - start, MADV_HUGEPAGE);
            madvise((void *)start, end - start, MADV_POPULATE_WRITE);
        }
    }

    return 1;
}

__attribute__((constructor)) static void hoist_prefault(void)
{
    dl_iterate_phdr(prepare_program, 0);
}
