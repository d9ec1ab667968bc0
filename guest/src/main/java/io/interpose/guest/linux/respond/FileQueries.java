package io.interpose.guest.linux.respond;

import com.google.protobuf.ByteString;
import io.interpose.protocol.gi.FileBytes;
import io.interpose.protocol.gi.FileHash;
import io.interpose.protocol.gi.FileReadQuery;
import io.interpose.protocol.gi.HashAlgorithm;
import io.interpose.protocol.gi.ResultCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The file queries that read content: a digest of the whole file, and a byte range. Regular files only. */
final class FileQueries {

    /** The most a {@code FileReadQuery} may ask for (docs/gi-protocol.md section 4.4). */
    static final int MAX_READ = 1024 * 1024;
    private static final int BUFFER = 64 * 1024;

    private FileQueries() {
    }

    /** The file's digest, reading it in 64 KiB pieces (never whole). UNSPECIFIED means SHA-256. */
    static FileHash hash(Path path, HashAlgorithm algorithm) throws RequestFailure {
        HashAlgorithm chosen = algorithm == HashAlgorithm.HASH_ALGORITHM_UNSPECIFIED ? HashAlgorithm.SHA256 : algorithm;
        MessageDigest digest = digest(chosen);
        requireRegularFile(path);
        try {
            digest(path, digest);
        } catch (IOException e) {
            throw RequestFailure.of(e, path);
        }
        return FileHash.newBuilder().setAlgorithm(chosen).setDigest(ByteString.copyFrom(digest.digest())).build();
    }

    /** Feeds the whole file to {@code digest}; returns how many bytes it had. */
    static long digest(Path path, MessageDigest digest) throws IOException {
        long size = 0;
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(path)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
                size += n;
            }
        }
        return size;
    }

    /** Up to {@code length} bytes from {@code offset}; {@code end_of_file} when they reach the end. */
    static FileBytes read(Path path, FileReadQuery query) throws RequestFailure {
        int length = query.getLength();
        if (length < 0 || length > MAX_READ) {
            throw new RequestFailure(ResultCode.TOO_LARGE, "at most " + MAX_READ + " bytes per read, not "
                    + Integer.toUnsignedString(length));
        }
        if (query.getOffset() < 0) {
            throw new RequestFailure(ResultCode.INVALID, "offset beyond any file: "
                    + Long.toUnsignedString(query.getOffset()));
        }
        requireRegularFile(path);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long remaining = Math.max(0, channel.size() - query.getOffset());
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, remaining));
            long position = query.getOffset();
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position);
                if (n < 0) {
                    break;
                }
                position += n;
            }
            buffer.flip();
            return FileBytes.newBuilder().setOffset(query.getOffset()).setData(ByteString.copyFrom(buffer))
                    .setEndOfFile(position >= channel.size()).build();
        } catch (IOException e) {
            throw RequestFailure.of(e, path);
        }
    }

    /** {@code INVALID} for a directory or anything but a regular file (reading a FIFO or a device could block). */
    static BasicFileAttributes requireRegularFile(Path path) throws RequestFailure {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                throw new RequestFailure(ResultCode.INVALID, "a directory, not a file: " + path);
            }
            if (!attributes.isRegularFile()) {
                throw new RequestFailure(ResultCode.INVALID, "not a regular file: " + path);
            }
            return attributes;
        } catch (IOException e) {
            throw RequestFailure.of(e, path);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static MessageDigest digest(HashAlgorithm algorithm) throws RequestFailure {
        String name = switch (algorithm) {
            case SHA256 -> "SHA-256";
            case SHA1 -> "SHA-1";
            case MD5 -> "MD5";
            default -> throw new RequestFailure(ResultCode.UNSUPPORTED, "unknown hash algorithm");
        };
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new RequestFailure(ResultCode.UNSUPPORTED, "this JVM has no " + name);
        }
    }
}
