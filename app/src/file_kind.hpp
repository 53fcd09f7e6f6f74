// What kind of file a stat() mode names, in words for an error message (app-internal; the durable
// writer and the save-file reader refuse anything but a regular file with it).
#pragma once

#include <sys/stat.h>

namespace salesim::app {

inline const char* file_kind(mode_t mode) {
    if (S_ISDIR(mode)) return "a folder";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISFIFO(mode)) return "a named pipe (FIFO)";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISLNK(mode)) return "a symbolic link";
    return "not a regular file";
}

}  // namespace salesim::app
