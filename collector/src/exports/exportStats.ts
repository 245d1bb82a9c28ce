/**
 * Pages read by exports in this isolate (journey and visitor pages alike), so a test can see that
 * reading follows the consumer: a reader that stops reading stops the export's reads.
 */
export const exportStats = { pagesRead: 0 };
