package dev.gantry.watcher.file;

import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;

/**
 * What the file system says about a file (identity, size, modification time) at the moment it was read,
 * to tell later whether it may have changed without reading it. Like git's index it distrusts "racy" stamps:
 * a file modified shortly before it was read may be written again within the same timestamp tick (up to 2 s
 * on some file systems) leaving the stamp unchanged, so such a stamp vouches for nothing and the file is read
 * again until its modification time is old enough.
 */
record FileStamp(Object fileKey, long size, FileTime modified, boolean settled) {

    /** More than the coarsest modification-time granularity of common file systems (FAT: 2 s). */
    static final Duration RACY_WINDOW = Duration.ofMillis(2_500);

    static FileStamp of(BasicFileAttributes attributes, long readAtMillis) {
        boolean settled = attributes.lastModifiedTime().toMillis() < readAtMillis - RACY_WINDOW.toMillis();
        return new FileStamp(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime(), settled);
    }

    /** Whether a file now listed with {@code now} is certainly the one this stamp was taken of, unchanged. */
    boolean vouchesFor(BasicFileAttributes now) {
        return settled && Objects.equals(fileKey, now.fileKey()) && size == now.size()
                && modified.equals(now.lastModifiedTime());
    }
}
