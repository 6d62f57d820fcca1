package io.taskforge.app.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.util.MimeType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON decoder of request bodies: Spring's, after one pass over the tokens that refuses a
 * string or a name holding a lone UTF-16 surrogate (which JSON's {@code \ud800} escapes, and
 * CESU-style UTF-8, let through). Such text cannot be stored faithfully by Temporal or shown again,
 * so it is refused with its path rather than silently mangled.
 */
final class RequestJsonDecoder extends JacksonJsonDecoder {
  private final JsonMapper mapper;

  RequestJsonDecoder(JsonMapper mapper) {
    super(mapper);
    this.mapper = mapper;
  }

  @Override
  public Object decode(
      DataBuffer buffer, ResolvableType targetType, MimeType mimeType, Map<String, Object> hints)
      throws DecodingException {
    int start = buffer.readPosition();
    String badPath = loneSurrogatePath(buffer);
    buffer.readPosition(start);
    if (badPath != null) {
      buffer.readPosition(buffer.writePosition()); // consumed: the caller releases it
      throw new InvalidTextException(badPath);
    }
    return super.decode(buffer, targetType, mimeType, hints);
  }

  /** The path of the first string or name holding a lone surrogate; null for none. */
  private String loneSurrogatePath(DataBuffer buffer) {
    try (InputStream in = buffer.asInputStream();
        JsonParser parser = mapper.createParser(in)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.PROPERTY_NAME && hasLoneSurrogate(parser.currentName())) {
          return path(parser.streamReadContext().getParent());
        }
        if (token == JsonToken.VALUE_STRING && hasLoneSurrogate(parser.getString())) {
          return path(parser.streamReadContext());
        }
      }
      return null;
    } catch (JacksonException | IOException e) {
      return null; // not valid JSON: decoding proper reports it, with its position
    }
  }

  static boolean hasLoneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return true;
      }
      if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A token's place as the API names fields, such as {@code context.k[1].x}; "body" at the root.
   */
  static String path(TokenStreamContext context) {
    ArrayDeque<String> segments = new ArrayDeque<>();
    for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        segments.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.currentName() != null) {
        segments.push(hasLoneSurrogate(c.currentName()) ? "?" : c.currentName());
      }
    }
    StringBuilder path = new StringBuilder();
    for (String segment : segments) {
      if (!path.isEmpty() && !segment.startsWith("[")) {
        path.append('.');
      }
      path.append(segment);
    }
    return path.isEmpty() ? "body" : path.toString();
  }

  /** A string or name in the body is not valid Unicode text. */
  static final class InvalidTextException extends DecodingException {
    private final String field;

    InvalidTextException(String field) {
      super("a string holds a lone UTF-16 surrogate at " + field);
      this.field = field;
    }

    String field() {
      return field;
    }
  }
}
