// OpenAI's Chat Completions search models (gpt-4o-search-preview, gpt-4o-mini-search-preview, their
// dated snapshots, gpt-5-search-api...) search the web before every answer, and OpenAI bills a web
// search fee per call on them beside the tokens. Neither side lets llm-audit price it:
// - the log: a chat.completion's usage has no search count (only the message's url_citation
//   annotations, which say a page was cited, not how many searches were billed), so the record
//   carries no web searches;
// - the pinned catalog: gpt-4o-search-preview has token prices only (no web_searches_kcount), the
//   mini snapshots match the gpt-4o-mini entry (its price is that of the Responses web search tool),
//   gpt-5-search-api is not in it.
// So their fee is left out of the computed cost, and the audit counts the requests (Audit.chatSearchRequests)
// so the report says so instead of staying silent. No price is written here.

/** A logged model name (a provider prefix such as `openai/` or `azure/` allowed) that is one of them. */
const CHAT_SEARCH_MODEL = /(?:^|\/)gpt-[a-z0-9.]+(?:-mini)?-search-(?:preview|api)(?:-[0-9]{4}-[0-9]{2}-[0-9]{2})?$/i;

export function isChatSearchModel(model: string): boolean {
  return CHAT_SEARCH_MODEL.test(model);
}
