package io.interpose.host.ops;

import io.interpose.protocol.control.DetectionReport;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Detections waiting to go to the manager: bounded; when full, the oldest is dropped and counted.
 * Thread-safe (reports arrive from MUX threads, the agent's thread takes them).
 */
final class DetectionBuffer {
    private final int capacity;
    private final ArrayDeque<DetectionReport> waiting = new ArrayDeque<>();
    private long dropped;

    DetectionBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    synchronized void add(DetectionReport detection) {
        if (waiting.size() == capacity) {
            waiting.removeFirst();
            dropped++;
        }
        waiting.addLast(detection);
    }

    synchronized Optional<DetectionReport> poll() {
        return Optional.ofNullable(waiting.pollFirst());
    }

    synchronized long dropped() {
        return dropped;
    }
}
