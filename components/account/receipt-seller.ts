/**
 * Who sells, as printed on every receipt. A placeholder until the store settings page
 * exists: an operator edits this constant with their legal name and address.
 */
export const RECEIPT_SELLER = {
  brand: 'Bursar',
  storeName: 'Bursar Demo Store',
  addressLines: ['123 Example Street', 'Springfield, ST 00000', 'United States'],
  email: 'support@bursar.example',
} as const;
