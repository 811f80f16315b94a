/**
 * Immutable word lists for the name detectors. The kanji surnames are the most frequent ~330
 * family names in Japan (public frequency rankings); they only decide where a name starts inside a
 * run of kanji, and let a bare surname-plus-given-name in a list be recognised without honorific.
 */

const KANJI_SURNAMES_TEXT =
  '佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 斎藤 清水 ' +
  '山崎 森 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 遠藤 青木 坂本 ' +
  '斉藤 福田 太田 西村 藤井 金子 岡本 藤原 中野 三浦 原田 中川 松田 竹内 小野 田村 中山 和田 石田 森田 ' +
  '上田 原 柴田 酒井 工藤 横山 宮崎 宮本 内田 高木 安藤 島田 谷口 大野 丸山 今井 高田 河野 藤本 村田 ' +
  '武田 上野 杉山 増田 小山 大塚 平野 菅原 久保 松井 千葉 岩崎 桜井 木下 野口 松尾 菊地 野村 新井 渡部 ' +
  '佐野 杉本 古川 大西 浅野 市川 中西 田口 北村 小島 松下 山内 大橋 吉川 五十嵐 西田 安田 平田 中田 ' +
  '樋口 秋山 川口 福島 本田 辻 山中 永井 飯田 小松 川村 岩田 荒木 関 石原 菅野 大久保 高野 土屋 ' +
  '須藤 今村 望月 服部 松岡 栗原 野田 馬場 星野 武藤 吉村 川崎 堀 大谷 片山 平井 西川 内藤 小池 ' +
  '岡崎 黒田 小西 早川 三上 久保田 宮田 山根 新田 浜田 水野 矢野 桑原 熊谷 東 小野寺 高山 大森 ' +
  '吉岡 上原 松浦 成田 中井 小沢 岩本 沢田 菊池 松村 小田 鎌田 大石 石黒 大場 宮下 坂口 足立 ' +
  '安部 西山 荒井 野崎 堀内 広瀬 上村 川上 石橋 宮内 平川 竹田 内山 関口 竹下 田島 小泉 岩井 ' +
  '西岡 根本 榎本 秋元 川端 南 村井 横田 吉井 大川 八木 松永 尾崎 市村 河合 飯島 天野 福井 神田 ' +
  '石坂 熊田 若林 桑田 谷 永田 宇野 森本 大沢 星 長尾 奥村 二宮 梅田 白石 植田 今西 中嶋 ' +
  '小倉 佐久間 堤 北川 西 松原 金井 長田 嶋田 大崎 浅井 寺田 筒井 堀田 大塚 古田 梅本 ' +
  '岸 青山 水谷 新谷 北野 岡 小坂 相馬 河村 福本 片岡 本間 白井 三宅 松山 富田 山岸 小谷 ' +
  '稲葉 徳永 西尾 早坂 松川 大山 松島 堀江 中谷 岡部 杉田 中原 森下 坂田 菅 小原 千田 ' +
  '石山 山形 藤川 大島 上杉 安井 竹中 古賀 岩瀬 森川 細川 大平 三木 今野 吉本 増井 ' +
  '日高 北島 市原 長島 萩原 竹本 中尾 大村 中本 池上 中沢 茂木 奥田 野中 堀口 戸田 ' +
  '勅使河原 小鳥遊 東海林 一ノ瀬 宇佐美 大和田 久我 芦田 米田 黒川 大井 内海 ' +
  '高島 石塚 宮川 前川 三好 川本 西本 岩佐 大谷 板垣 滝沢 滝口 臼井 羽田 朝倉 浅田 ' +
  '桜田 保坂 宮原 森山 上条 田代 小森 野沢 津田 大木 吉野 藤岡 菅谷 篠原 ' +
  '坂井 立花 田辺 北山 川島 石丸 荻野 黒木 中江 長沢 神谷 村瀬 加納 小澤 齋藤 髙橋 渡邊 渡邉';

export const KANJI_SURNAMES: ReadonlySet<string> = new Set(KANJI_SURNAMES_TEXT.split(' '));

/** Longest surname in the table, in code units: bounds the prefix search. */
export const MAX_SURNAME_LENGTH = 4;

const ROMAN_SURNAMES_TEXT =
  'sato suzuki takahashi tanaka ito watanabe yamamoto nakamura kobayashi kato yoshida yamada sasaki ' +
  'yamaguchi matsumoto inoue kimura hayashi saito shimizu yamazaki mori ikeda hashimoto abe ishikawa ' +
  'yamashita nakajima ishii ogawa maeda okada hasegawa fujita goto kondo murakami endo aoki sakamoto ' +
  'fukuda ota nishimura fujii kaneko okamoto fujiwara nakano miura harada nakagawa matsuda takeuchi ' +
  'ono tamura nakayama wada ishida morita ueda hara shibata sakai kudo yokoyama miyazaki miyamoto ' +
  'uchida takagi ando shimada taniguchi ono maruyama imai takada kono fujimoto murata takeda ueno ' +
  'sugiyama masuda koyama otsuka hirano sugawara kubo matsui chiba iwasaki sakurai kinoshita noguchi ' +
  'matsuo kikuchi nomura arai watabe sano sugimoto furukawa onishi asano ichikawa nakanishi kojima ' +
  'hayashi ogura mori kuroda nishida yasuda hirata kawaguchi honda oyama ' +
  // Frequent family names of foreign residents and victims in Japanese case files.
  'nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly kim lee park choi jung kang ' +
  'cho yoon jang lim chen wang zhang li liu yang huang zhao wu zhou xu sun zhu lin santos silva ' +
  'oliveira souza pereira costa rodrigues ferreira reyes cruz garcia smith johnson williams brown ' +
  'jones miller davis wilson taylor anderson thomas moore martin jackson white harris clarke clark ' +
  'lewis walker hall young allen king wright scott baker adams nelson hill campbell mitchell roberts';

export const ROMAN_SURNAMES: ReadonlySet<string> = new Set(ROMAN_SURNAMES_TEXT.split(' '));

const ROMAN_GIVEN_NAMES_TEXT =
  'taro jiro ichiro hanako kenji kenta takashi hiroshi yuki yuko yoko keiko akiko kazuo makoto ' +
  'satoshi tomoko naoko hiroko kumiko michiko yumi ayumi mai haruto sota yuto riku ren hina yui ' +
  'sakura misaki aoi emi kaori yoshiko kenichi shinji daisuke takuya tsubasa sho ryo ryota shota ' +
  'naoki masato akira hideki yusuke koji noriko sachiko emiko mariko junko tetsuya kazuki hanae ' +
  'van thi minh anh lan hung nam hoa linh tuan duc thanh ji-yeon min-jun seo-yeon wei fang jing ' +
  'john james robert michael william david richard joseph thomas charles mary patricia jennifer ' +
  'linda elizabeth barbara susan jessica sarah karen emily emma olivia sophia maria ana jose juan ' +
  'carlos luis tom mike anna laura paul mark george peter';

export const ROMAN_GIVEN_NAMES: ReadonlySet<string> = new Set(ROMAN_GIVEN_NAMES_TEXT.split(' '));

/**
 * Capitalised words that sit next to a name-like word in English prose but are places,
 * institutions or roles: a pair containing one of them is not a person.
 */
export const ROMAN_NOT_NAME: ReadonlySet<string> = new Set(
  (
    'bank station police prefecture street avenue road city ward tokyo osaka kyoto japan post ' +
    'office department division agency hotline centre center corporation branch building university ' +
    'school hospital court ministry metropolitan national consumer card account number room the of ' +
    'and for from with mizuho rakuten sumitomo mitsui ufj smbc docomo softbank amazon line telegram ' +
    'victim suspect complainant holder beneficiary name reported interview contact our his her on in at'
  ).split(' '),
);
