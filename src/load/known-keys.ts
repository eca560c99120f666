// Front-matter keys that other site and book tools use (Jekyll, Hugo, Hexo, VuePress, GitBook, Docusaurus …): accepted without a warning.

/** Keys studypack reads itself. */
export const STUDYPACK_KEYS = ['title', 'slug', 'kind', 'speakers', 'interviewer', 'author', 'authors', 'date', 'source', 'excerpt', 'questions', 'order', 'weight'] as const;

/** Keys that set the order of an article in its folder (lower first), in the order they are looked at. */
export const ORDER_KEYS = ['order', 'weight', 'sidebar_position', 'nav_order'] as const;

/**
 * Keys of other tools: not used by studypack, not a mistake either. They are listed with `--verbose`
 * (a note), never warned about. A key not here nor in STUDYPACK_KEYS gets the "unknown key" warning.
 */
export const OTHER_TOOLS_KEYS: readonly string[] = [
  // Jekyll
  'layout', 'permalink', 'published', 'categories', 'category', 'tags', 'tag', 'excerpt_separator', 'render_with_liquid', 'redirect_from', 'redirect_to', 'last_modified_at', 'image', 'header', 'toc_label', 'toc_sticky', 'author_profile', 'share', 'related', 'comments', 'mathjax',
  // Hugo
  'draft', 'description', 'keywords', 'lastmod', 'publishDate', 'expiryDate', 'aliases', 'type', 'url', 'linkTitle', 'summary', 'series', 'menu', 'translationKey', 'isCJKLanguage', 'markup', 'resources', 'params', 'headless', 'cascade', 'outputs', 'build', 'images', 'audio', 'videos', 'math', 'katex', 'mermaid', 'featured_image', 'featuredImage', 'showToc', 'TocOpen', 'hidemeta', 'ShowReadingTime', 'ShowWordCount',
  // Hexo and its themes
  'updated', 'sticky', 'top', 'cover', 'thumbnail', 'banner', 'top_img', 'abbrlink', 'copyright', 'reward', 'password', 'lang', 'mathjax2', 'highlight_shrink', 'aside', 'index_img', 'photos', 'subtitle', 'toc_number',
  // VuePress / VitePress
  'sidebar', 'sidebarDepth', 'prev', 'next', 'navbar', 'pageClass', 'editLink', 'lastUpdated', 'home', 'heroImage', 'heroText', 'tagline', 'actionText', 'actionLink', 'features', 'footer', 'head', 'outline', 'search', 'contributors', 'isOriginal', 'icon', 'article', 'timeline', 'star', 'headerDepth',
  // GitBook / HonKit / mdBook / Docusaurus / MkDocs
  'toc', 'ready', 'id', 'sidebar_label', 'sidebar_position', 'sidebar_class_name', 'hide_title', 'hide_table_of_contents', 'pagination_label', 'pagination_next', 'pagination_prev', 'custom_edit_url', 'nav_order', 'parent', 'grand_parent', 'has_children', 'nav_exclude', 'hide', 'template',
  // blogs, notes apps and general metadata
  'created', 'modified', 'created_at', 'updated_at', 'createTime', 'updateTime', 'location', 'license', 'status', 'version', 'uuid', 'alias', 'cssclass', 'cssclasses', 'banner_icon', 'mood', 'weather', 'rating', 'link', 'canonical', 'canonical_url', 'og_image', 'feature', 'featured', 'hidden', 'noindex', 'sitemap', 'robots', 'email', 'twitter', 'translator', 'translators', 'editor', 'original', 'original_url', 'origin', 'from', 'via', 'reference', 'references', 'series_order', 'difficulty', 'duration', 'audience',
];

const OTHER = new Set(OTHER_TOOLS_KEYS);

export function isOtherToolsKey(key: string): boolean {
  return OTHER.has(key);
}
