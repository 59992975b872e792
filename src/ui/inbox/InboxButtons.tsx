/**
 * The top bar's two counts (dropped flows, mismatches) that open the drops inbox on one of its
 * tabs. On the page from the start; the inbox itself (DropsInbox.tsx) is a chunk loaded when it
 * is first opened.
 */
import './inbox.css';

export type InboxTab = 'drops' | 'mismatches';

export interface InboxButtonsProps {
  readonly dropped: number;
  readonly mismatches: number;
  readonly open: InboxTab | null;
  readonly onOpen: (tab: InboxTab | null) => void;
}

/** What the top bar's button of each tab says. */
const TAB_BUTTONS: Record<InboxTab, { readonly marked: string; readonly title: string; readonly words: (n: number) => string }> = {
  drops: { marked: 'has-drops', title: 'List the dropped flows by path and drop reason', words: () => 'dropped' },
  mismatches: { marked: 'has-mismatches', title: 'List the paths whose flows disagree with the loaded policy', words: (n) => (n === 1 ? 'mismatch' : 'mismatches') },
};

/** The two counts of the top bar that open the inbox (pressed while their tab is open). */
export function InboxButtons({ dropped, mismatches, open, onOpen }: InboxButtonsProps) {
  return (
    <span className="inbox-buttons" role="group" aria-label="Drops and mismatches">
      {(['drops', 'mismatches'] as const).map((tab) => {
        const n = tab === 'drops' ? dropped : mismatches;
        const b = TAB_BUTTONS[tab];
        return (
          <button
            key={tab}
            type="button"
            className={`btn inbox-button${n > 0 ? ` ${b.marked}` : ''}`}
            aria-pressed={open === tab}
            onClick={() => onOpen(open === tab ? null : tab)}
            data-testid={`inbox-open-${tab}`}
            title={b.title}
          >
            <b>{n.toLocaleString('en-US')}</b> {b.words(n)}
          </button>
        );
      })}
    </span>
  );
}
