package dev.tern.server;

/** Stops and restarts reading from the socket while a message buffer is full (backpressure). */
interface FlowControl {

    /** Called on the event loop when the buffer passes its high-water mark. */
    void pause();

    /** Called from any thread when the reader has drained the buffer below its low-water mark. */
    void resume();
}
