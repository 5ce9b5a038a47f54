package io.pushbench.reports.render;

import io.pushbench.analysis.results.ResultsIO;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Atomic writes ({@link ResultsIO#writeAtomically}) of files meant to be shared: reports are opened by browsers,
 * served by web servers and uploaded by CI, so they get the usual rw-r--r-- rather than the owner-only permissions of
 * a temporary file.
 */
public final class ReadableFiles {
    private ReadableFiles() {
    }

    public static void write(Path file, byte[] bytes) throws IOException {
        ResultsIO.writeAtomically(file, bytes);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException | IOException e) {
                // not fatal: the file is written; only its mode could not be widened
            }
        }
    }
}
