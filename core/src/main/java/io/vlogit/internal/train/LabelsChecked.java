package io.vlogit.internal.train;

/**
 * A stream that checked every label when it was opened (each a class index 0..K−1) and stops
 * training if its labels change after that (a file's size and modification time), so that the
 * blocks it reads need no label check of their own. Training checks the labels of every other
 * stream's blocks as they arrive.
 */
public interface LabelsChecked {}
