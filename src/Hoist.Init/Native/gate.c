// The gate of a held start, run before the .NET runtime starts (an ELF constructor of hoist-init, linked
// in when it is compiled ahead of time; see Exec/NativeGate.cs for the side that enters it).
//
// Why: a held service waits just before its execve, and the release (SIGUSR1 to hoist-init) is the start
// of the app. Waiting in exec mode itself put an execve from the .NET runtime on that path: the kernel
// must stop the runtime's other threads and tear down its address space (GC heap and all): 2.5 to 4.7 ms
// of the start, measured with perf (sys_enter_execve to sched_process_exec of redis-server); from the
// gate, 1.5 to 1.7 ms. Exec mode therefore does every step, then execs its own binary with
// HOIST_EXEC_GATE=FD, and this constructor waits in a process of one thread and a few pages, whose
// execve is cheap.
//
// FD is a memfd that exec mode wrote; it holds NUL-terminated strings: the descriptor of the hold pipe,
// the program's resolved path, the working directory, the number of arguments, the arguments, then the
// service's environment. The environment travels there rather than in this process's own: as the
// environment of hoist-init, the dynamic loader would act on the service's LD_PRELOAD, LD_LIBRARY_PATH
// or GLIBC_TUNABLES while loading hoist-init; and in the arguments, every user of the app could read it
// in /proc/PID/cmdline.
//
// Then: one byte on the pipe: the start (re-enter the working directory if it was removed meanwhile, as
// Exec/ReleaseGate.cs does, and execve); the end of the pipe: called off (exit 0, silently). Failures print
// one line in the form of exec mode's and exit as it does: 127 not found, 126 not executable, 1 else.
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

static _Noreturn void fail(int code, const char *what, const char *subject, int error)
{
    dprintf(2, "hoist-init exec: %s%s: %s\n", what, subject, strerror(error));
    _exit(code);
}

// The next string of the data, or a failure when the data ends first.
static char *next(char **cursor, const char *end)
{
    char *string = *cursor;
    char *nul = string < end ? memchr(string, 0, end - string) : NULL;
    if (nul == NULL)
    {
        fail(1, "the gate's data is cut short", "", EINVAL);
    }

    *cursor = nul + 1;
    return string;
}

// Reads the whole memfd into memory that stays until the execve.
static char *read_data(int fd, size_t *size)
{
    struct stat status;
    if (fstat(fd, &status) != 0)
    {
        fail(1, "cannot read the gate's data", "", errno);
    }

    char *data = malloc(status.st_size + 1);
    if (data == NULL)
    {
        fail(1, "cannot read the gate's data", "", ENOMEM);
    }

    size_t done = 0;
    while (done < (size_t)status.st_size)
    {
        ssize_t count = pread(fd, data + done, status.st_size - done, done);
        if (count < 0 && errno == EINTR)
        {
            continue;
        }

        if (count <= 0)
        {
            fail(1, "cannot read the gate's data", "", count < 0 ? errno : EINVAL);
        }

        done += count;
    }

    close(fd);
    data[done] = 0;
    *size = done;
    return data;
}

// A list of count strings from the data, ending with a null pointer (argv, envp).
static char **take(char **cursor, const char *end, size_t count)
{
    char **list = calloc(count + 1, sizeof(char *));
    if (list == NULL)
    {
        fail(1, "cannot read the gate's data", "", ENOMEM);
    }

    for (size_t i = 0; i < count; i++)
    {
        list[i] = next(cursor, end);
    }

    return list;
}

__attribute__((constructor)) static void hoist_gate(void)
{
    const char *marker = getenv("HOIST_EXEC_GATE");
    if (marker == NULL)
    {
        return;
    }

    // Exec mode ran as "hoist-init"; exec'd through /proc/self/exe, this process would show as "exe".
    prctl(PR_SET_NAME, "hoist-init", 0, 0, 0);
    size_t size;
    char *data = read_data(atoi(marker), &size);
    char *cursor = data;
    const char *end = data + size;
    int hold = atoi(next(&cursor, end));
    const char *path = next(&cursor, end);
    const char *directory = next(&cursor, end);
    size_t argc = strtoul(next(&cursor, end), NULL, 10);
    char **argv = take(&cursor, end, argc);
    size_t envc = 0;
    for (const char *p = cursor; p < end; p += strlen(p) + 1)
    {
        envc++;
    }

    char **envp = take(&cursor, end, envc);

    char signal;
    ssize_t count;
    while ((count = read(hold, &signal, 1)) < 0 && errno == EINTR)
    {
    }

    if (count < 0)
    {
        fail(1, "cannot wait for the start", "", errno);
    }

    close(hold);
    if (count == 0)
    {
        _exit(0);
    }

    // A directory removed (no links left, though this process is still in it) and perhaps made again
    // while the service was held: enter the one at that path now, with the service's own credentials.
    struct stat here;
    if (stat(".", &here) == 0 && here.st_nlink == 0 && chdir(directory) != 0)
    {
        fail(1, "cannot change directory to ", directory, errno);
    }

    execve(path, argv, envp);
    int error = errno;
    int code = error == ENOENT || error == ENOTDIR ? 127
        : error == EACCES || error == ENOEXEC || error == EPERM ? 126
        : 1;
    fail(code, "cannot run ", path, error);
}
