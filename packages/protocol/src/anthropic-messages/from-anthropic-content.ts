import { AppError } from '@kirogate/errors';
import type { ImagePart, ImageSource, TextPart } from '../canonical/index.ts';

type ImageBlock = {
  type: 'image';
  source: { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string };
};
type DocumentBlock = {
  type: 'document';
  source:
    | { type: 'text'; data: string }
    | { type: 'base64'; media_type: string; data: string }
    | { type: 'url'; url: string }
    | { type: 'file'; file_id: string }
    | { type: 'content'; content: string | ReadonlyArray<{ type: 'text'; text: string } | ImageBlock> };
};
export type MediaBlock = { type: 'text'; text: string } | ImageBlock | DocumentBlock;

function imageSource(source: ImageBlock['source']): ImageSource {
  if (source.type === 'url') return { kind: 'url', url: source.url };
  // Some clients put a whole data URL in `data`; the bytes start after the comma.
  const data = source.data.startsWith('data:')
    ? source.data.slice(source.data.indexOf(',') + 1)
    : source.data;
  return { kind: 'base64', mediaType: source.media_type, data };
}

function text(value: string): TextPart[] {
  return value === '' ? [] : [{ type: 'text', text: value }];
}

/** The model reads documents as text: plain-text sources pass, PDFs and remote files cannot be read here. */
function documentParts(block: DocumentBlock, param: string): Array<TextPart | ImagePart> {
  const { source } = block;
  switch (source.type) {
    case 'text':
      return text(source.data);
    case 'content':
      return typeof source.content === 'string'
        ? text(source.content)
        : fromAnthropicMediaBlocks(source.content, `${param}.source.content`);
    case 'base64':
      if (source.media_type.startsWith('text/'))
        return text(Buffer.from(source.data, 'base64').toString('utf8'));
      throw new AppError(
        'INVALID_REQUEST',
        `${param}.source: documents of type ${source.media_type} are not supported; send text`,
        { param: `${param}.source` },
      );
    case 'url':
    case 'file':
      throw new AppError(
        'INVALID_REQUEST',
        `${param}.source: '${source.type}' documents are not supported; send the text inline`,
        { param: `${param}.source` },
      );
  }
}

/** A text, image or document block (user content, tool results) → canonical text and image parts. */
export function fromAnthropicMediaBlock(block: MediaBlock, param: string): Array<TextPart | ImagePart> {
  if (block.type === 'text') return text(block.text);
  if (block.type === 'image') return [{ type: 'image', source: imageSource(block.source) }];
  return documentParts(block, param);
}

export function fromAnthropicMediaBlocks(
  blocks: ReadonlyArray<MediaBlock>,
  param: string,
): Array<TextPart | ImagePart> {
  return blocks.flatMap((block, index) => fromAnthropicMediaBlock(block, `${param}[${index}]`));
}

export function fromAnthropicText(content: string | ReadonlyArray<{ text: string }>): TextPart[] {
  return typeof content === 'string' ? text(content) : content.flatMap((block) => text(block.text));
}
