package dev.gantry.watcher.file;

import java.io.IOException;
import java.nio.file.Path;

/** Told about every directory of the folder before its entries are listed. */
@FunctionalInterface
interface DirectoryListener {

    void directoryFound(Path directory) throws IOException;
}
