package io.vlogit.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** The element types vlogit reads. */
final class NpyDtype {
  final char kind;
  final int size;
  final ByteOrder order;

  private NpyDtype(char kind, int size, ByteOrder order) {
    this.kind = kind;
    this.size = size;
    this.order = order;
  }

  static NpyDtype parse(String descr, Path path, boolean labels) throws DataFormatException {
    String accepted =
        labels
            ? "float32, float64, integer or bool labels"
            : "float32 (<f4, >f4) or float64 (<f8, >f8)";
    if (descr.length() >= 3) {
      char orderChar = descr.charAt(0);
      char kind = descr.charAt(1);
      int size;
      try {
        size = Integer.parseInt(descr.substring(2));
      } catch (NumberFormatException e) {
        size = -1;
      }
      ByteOrder order =
          switch (orderChar) {
            case '<' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            case '=', '|' -> ByteOrder.nativeOrder();
            default -> null;
          };
      boolean isFloat = kind == 'f' && (size == 4 || size == 8);
      boolean isInt =
          (kind == 'i' || kind == 'u') && (size == 1 || size == 2 || size == 4 || size == 8);
      boolean isBool = kind == 'b' && size == 1;
      if (order != null && (isFloat || (labels && (isInt || isBool)))) {
        return new NpyDtype(kind, size, order);
      }
    }
    throw new DataFormatException(
        path + ": dtype '" + descr + "' is not supported; vlogit reads " + accepted);
  }

  double read(ByteBuffer b) {
    return switch (kind) {
      case 'f' -> size == 4 ? b.getFloat() : b.getDouble();
      case 'b' -> b.get() != 0 ? 1 : 0;
      case 'u' ->
          switch (size) {
            case 1 -> b.get() & 0xff;
            case 2 -> b.getShort() & 0xffff;
            case 4 -> b.getInt() & 0xffffffffL;
            default -> unsignedLong(b.getLong());
          };
      default ->
          switch (size) {
            case 1 -> b.get();
            case 2 -> b.getShort();
            case 4 -> b.getInt();
            default -> b.getLong();
          };
    };
  }

  private static double unsignedLong(long v) {
    return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
  }
}
