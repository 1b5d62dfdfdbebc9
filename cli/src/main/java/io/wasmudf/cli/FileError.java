package io.wasmudf.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Names a file that could not be read and why, in the words {@code extism call} prints (Go's
 * {@code open NAME: no such file or directory}), never a Java class name.
 */
final class FileError {
    private FileError() {
    }

    static String describe(String file, IOException e) {
        if (java.nio.file.Files.isDirectory(java.nio.file.Path.of(file))) {
            return "read " + file + ": is a directory";
        }
        return "open " + file + ": " + reason(e);
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        String why = e instanceof FileSystemException ? ((FileSystemException) e).getReason() : e.getMessage();
        if (why == null || why.isBlank()) {
            return "cannot be read";
        }
        return why.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + why.substring(1);
    }
}
