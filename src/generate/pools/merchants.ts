/** Card and direct-debit counterparties for everyday spending, and the suspicious kinds. */

export interface Merchant {
  name: string;
  kind:
    | 'grocery'
    | 'fuel'
    | 'utility'
    | 'telecom'
    | 'online'
    | 'restaurant'
    | 'travel'
    | 'adult-ads'
    | 'hotel'
    | 'short-let';
  /** Typical amount range in local currency. */
  min: number;
  max: number;
}

export const GB_MERCHANTS: readonly Merchant[] = [
  { name: 'TESCO STORES', kind: 'grocery', min: 4, max: 95 },
  { name: 'SAINSBURYS', kind: 'grocery', min: 4, max: 110 },
  { name: 'ASDA SUPERSTORE', kind: 'grocery', min: 5, max: 120 },
  { name: 'ALDI', kind: 'grocery', min: 3, max: 80 },
  { name: 'LIDL GB', kind: 'grocery', min: 3, max: 70 },
  { name: 'SHELL', kind: 'fuel', min: 20, max: 80 },
  { name: 'BP EXPRESS', kind: 'fuel', min: 15, max: 75 },
  { name: 'GREGGS', kind: 'restaurant', min: 2, max: 12 },
  { name: 'COSTA COFFEE', kind: 'restaurant', min: 3, max: 15 },
  { name: 'AMAZON MARKETPLACE', kind: 'online', min: 6, max: 140 },
  { name: 'PRIMARK', kind: 'online', min: 8, max: 60 },
];

export const NL_MERCHANTS: readonly Merchant[] = [
  { name: 'Albert Heijn', kind: 'grocery', min: 4, max: 110 },
  { name: 'Jumbo Supermarkten', kind: 'grocery', min: 4, max: 100 },
  { name: 'Lidl NL', kind: 'grocery', min: 3, max: 70 },
  { name: 'Kruidvat', kind: 'grocery', min: 3, max: 40 },
  { name: 'Shell Station', kind: 'fuel', min: 20, max: 90 },
  { name: 'Bol.com', kind: 'online', min: 8, max: 150 },
  { name: 'HEMA', kind: 'online', min: 3, max: 50 },
];

/** Direct debits (utility, phone); counterparty IBANs are derived from the name. */
export const GB_DIRECT_DEBITS: readonly Merchant[] = [
  { name: 'BRITISH GAS', kind: 'utility', min: 45, max: 140 },
  { name: 'THAMES WATER', kind: 'utility', min: 25, max: 60 },
  { name: 'COUNCIL TAX', kind: 'utility', min: 90, max: 190 },
  { name: 'VODAFONE UK', kind: 'telecom', min: 12, max: 45 },
];

export const NL_DIRECT_DEBITS: readonly Merchant[] = [
  { name: 'Vattenfall', kind: 'utility', min: 60, max: 180 },
  { name: 'Zilveren Kruis Zorgverzekering', kind: 'utility', min: 120, max: 160 },
  { name: 'KPN', kind: 'telecom', min: 15, max: 50 },
];

/** Spending that the adult-services-spend indicator looks for (fictional names). */
export const ADULT_ADS: readonly Merchant[] = [
  { name: 'NIGHTLIST CLASSIFIEDS', kind: 'adult-ads', min: 20, max: 90 },
  { name: 'VELVET ADS ONLINE', kind: 'adult-ads', min: 15, max: 60 },
];

export const HOTELS: readonly Merchant[] = [
  { name: 'PREMIER STAY HOTELS', kind: 'hotel', min: 55, max: 140 },
  { name: 'CITYNIGHTS APARTHOTEL', kind: 'hotel', min: 70, max: 180 },
  { name: 'QUICKLET SHORT STAYS', kind: 'short-let', min: 90, max: 250 },
];
