package com.threatcommand.common.paging;

import com.threatcommand.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code ?limit=} (1..200, default 50) and {@code ?cursor=} of a list (API.md, Conventions). The
 * cursor is opaque to callers: base64url of a list-specific prefix and the position (a sequence
 * number) after which the next page starts. Lists are newest first, so the next page holds the
 * rows with a smaller sequence number.
 */
public record PageRequest(int limit, Long before) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  public static PageRequest parse(String limit, String cursor, String list) {
    int size = DEFAULT_LIMIT;
    if (limit != null) {
      try {
        size = Integer.parseInt(limit);
      } catch (NumberFormatException e) {
        throw ProblemException.validation("limit", "must be a whole number from 1 to 200");
      }
      if (size < 1 || size > MAX_LIMIT) {
        throw ProblemException.validation("limit", "must be a whole number from 1 to 200");
      }
    }
    // An empty ?cursor= is the first page, like no cursor at all.
    return new PageRequest(size, cursor == null || cursor.isEmpty() ? null : decode(cursor, list));
  }

  public static String encode(String list, long position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((list + ":" + position).getBytes(StandardCharsets.UTF_8));
  }

  private static Long decode(String cursor, String list) {
    try {
      if (cursor.length() > 64) {
        throw new IllegalArgumentException();
      }
      String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!decoded.startsWith(list + ":")) {
        throw new IllegalArgumentException();
      }
      long position = Long.parseLong(decoded.substring(list.length() + 1));
      if (position < 1) {
        throw new IllegalArgumentException();
      }
      return position;
    } catch (IllegalArgumentException e) {
      throw ProblemException.validation(
          "cursor", "is not a cursor of this list; pass the nextCursor of a previous page");
    }
  }
}
