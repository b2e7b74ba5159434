import { describe, expect, it } from 'vitest';
import { z, ZodError } from 'zod';
import { parseJsonAs, readJsonAs } from './parse-json';

const Point = z.object({ x: z.number(), y: z.number() });

describe('parse-json', () => {
  it('gives the value typed by its schema when the text has that shape (unknown fields dropped)', () => {
    expect(parseJsonAs(Point, '{"x":1,"y":2,"z":3}')).toEqual({ x: 1, y: 2 });
    expect(readJsonAs(Point, '{"x":1,"y":2}')).toEqual({ x: 1, y: 2 });
  });

  it('refuses text that is not JSON, or JSON of another shape: parseJsonAs throws, readJsonAs gives null', () => {
    expect(() => parseJsonAs(Point, '{"x":1,')).toThrow(SyntaxError);
    for (const text of ['null', '42', '"x"', '[]', '{"x":1}', '{"x":"1","y":2}']) {
      expect(() => parseJsonAs(Point, text), text).toThrow(ZodError);
      expect(readJsonAs(Point, text), text).toBeNull();
    }
    expect(readJsonAs(Point, '{"x":1,')).toBeNull();
  });
});
