/**
 * Story openings the benchmark-generating agent starts from. The tiny model
 * was trained on TinyStories, so children's-story openings are in its domain.
 */
export const openings = [
  'Once upon a time, there was a little girl named Lily.',
  'One day, a big dog went to the park.',
  'Tom had a red ball. He liked to play with it.',
  'Once upon a time, there was a small bird who could not fly.',
  'Sue and her mom went to the store.',
  'There was a little boy named Tim. He had a toy car.',
  'One sunny day, a cat sat under a tree.',
  'Anna found a shiny stone in the garden.',
  'The little fish lived in a big blue sea.',
  'Ben wanted to make a cake for his friend.',
  'A kind old man had a small house near the woods.',
  'Mia saw a butterfly on a flower.',
]
