// Rings that cross or touch themselves, found by plain segment tests on the numbers as given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ringSelfIntersection, type Position } from './geometry.ts';

const SQUARE: Position[] = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];

test('a square and a triangle are simple: adjacent edges share a corner, the closing edge and the first edge too', () => {
  assert.equal(ringSelfIntersection(SQUARE), undefined);
  assert.equal(ringSelfIntersection([[12.70, 56.05], [12.71, 56.05], [12.705, 56.06], [12.70, 56.05]]), undefined);
  // Positions with an altitude, and a ring not written closed, are read the same way.
  assert.equal(ringSelfIntersection([[0, 0, 10], [1, 0, 10], [1, 1, 10], [0, 1, 10], [0, 0, 10]]), undefined);
  assert.equal(ringSelfIntersection([[0, 0], [1, 0], [1, 1], [0, 1]]), undefined);
});

test('a bow-tie: edge 1 and edge 3 cross in the middle', () => {
  assert.deepEqual(ringSelfIntersection([[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]), { first: 1, second: 3 });
  // The same with [lat, lng] instead of [lng, lat]: swapping the axes changes nothing.
  assert.deepEqual(ringSelfIntersection([[56.06, 12.73], [56.07, 12.74], [56.06, 12.74], [56.07, 12.73], [56.06, 12.73]]), { first: 1, second: 3 });
});

test('a ring that touches itself: a position repeated (not the closing one), or a corner on another edge', () => {
  // Position 3 and position 6 are both (1, 1): a figure eight. Edge 2 ends there and edge 5 ends there.
  assert.deepEqual(ringSelfIntersection([[0, 0], [2, 0], [1, 1], [2, 2], [0, 2], [1, 1], [0, 0]]), { first: 2, second: 5 });
  // Corner 4 (2, 0) lies inside edge 1.
  assert.deepEqual(ringSelfIntersection([[0, 0], [4, 0], [4, 4], [2, 0], [0, 4], [0, 0]]), { first: 1, second: 3 });
  // A position typed twice in a row: the edges before and after it meet there.
  assert.deepEqual(ringSelfIntersection([[0, 0], [1, 0], [1, 1], [1, 1], [0, 1], [0, 0]]), { first: 2, second: 4 });
});

test('collinear edges that overlap cross, adjacent or not', () => {
  // Edge 3 runs back along the line of edges 1 and 2 and covers part of edge 1.
  assert.deepEqual(ringSelfIntersection([[0, 0], [2, 0], [4, 0], [1, 0], [1, 2], [0, 2], [0, 0]]), { first: 1, second: 3 });
  // Edge 2 folds back over edge 1 (a spike): adjacent, but more than the common corner is shared.
  assert.deepEqual(ringSelfIntersection([[0, 0], [4, 0], [2, 0], [2, 2], [0, 0]]), { first: 1, second: 2 });
  // The closing edge comes down the line of the first edge and covers it.
  assert.deepEqual(ringSelfIntersection([[0, 0], [0, 2], [2, 2], [2, 3], [0, 3], [0, 0]]), { first: 1, second: 5 });
  // Going on in a straight line is not a fold.
  assert.equal(ringSelfIntersection([[0, 0], [1, 0], [2, 0], [2, 1], [0, 1], [0, 0]]), undefined);
});

test('a ring of 500 points on a circle is simple; swapping two neighbours makes edges 249 and 251 cross', () => {
  const circle: Position[] = [];
  for (let k = 0; k < 500; k++) circle.push([12.7 + 0.01 * Math.cos((2 * Math.PI * k) / 500), 56.05 + 0.01 * Math.sin((2 * Math.PI * k) / 500)]);
  circle.push(circle[0]!);
  assert.equal(circle.length, 501);
  assert.equal(ringSelfIntersection(circle), undefined);
  const swapped = [...circle];
  [swapped[249], swapped[250]] = [swapped[250]!, swapped[249]!]; // positions 250 and 251
  assert.deepEqual(ringSelfIntersection(swapped), { first: 249, second: 251 });
});
