import { OrderTicket, type OrderTicketProps } from '@/components/order-ticket';

/**
 * The chart's order ticket, in a chunk of its own: loaded when the trader first clicks "Build order",
 * so the overlay every chart loads stays small.
 */
export type ChartTicketProps = OrderTicketProps & { chartSymbol: string };

export function ChartTicket(props: ChartTicketProps) {
  return <OrderTicket {...props} />;
}
