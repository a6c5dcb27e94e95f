// Builds the offline full-text search index (Pagefind) into dist/pagefind after every `astro build`.
// Pages choose what is indexed with data-pagefind-body (lessons: the article; exercises: the task).
// Once one page carries it, Pagefind skips every page that does not: a new kind of page to be found
// must carry it too (exercise pages once lacked it and no search found them).
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';

export function pagefindIndex(): AstroIntegration {
  return {
    name: 'strata-pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const { index, errors } = await pagefind.createIndex({});
        if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
        const added = await index.addDirectory({ path: site });
        if (added.errors.length > 0) throw new Error(`Pagefind: ${added.errors.join('; ')}`);
        const written = await index.writeFiles({ outputPath: `${site}pagefind` });
        if (written.errors.length > 0) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
        logger.info(`Search index: ${added.page_count} pages`);
        await pagefind.close();
      },
    },
  };
}
