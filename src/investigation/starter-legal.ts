/** Legal bases and retention notes the starter catalogue cites (kept apart so each stays readable). */
export const PRESERVATION = '刑事訴訟法197条3項: 通信履歴の保全要請（30日以内、延長して通じて60日まで）';
export const INQUIRY =
  '刑事訴訟法197条2項: 捜査関係事項照会（回答は任意、通信の秘密に当たる情報は令状による）';
export const WARRANT = '刑事訴訟法218条: 差押許可状・記録命令付差押許可状（通信履歴・通信内容）';
export const AML_RECORDS = '犯罪収益移転防止法6条・7条: 確認記録・取引記録を7年間保存';
export const MOBILE_ID =
  '携帯音声通信事業者による契約者等の本人確認等及び携帯音声通信役務の不正な利用の防止に関する法律: 本人確認記録を契約終了後3年間保存';

export const SEVEN_YEARS = { typical: 2555, min: 2555 };
export const lawNoteAml =
  '犯罪収益移転防止法による法定保存期間（7年、取引・契約終了日から起算）。実際はそれ以上保存する事業者も多い。';
export const uncertainNote = (what: string) =>
  `${what} 法定の保存期間はなく、事業者ごとに異なる（公表値・実務上の聞き取りに基づく目安、要確認）。`;
