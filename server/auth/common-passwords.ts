/**
 * Passwords and password words people pick first: the most common ones of public breach lists (many shorter than
 * the 10-character minimum, but they also catch "Sunshine2024!" once the digits and symbols around a word are
 * stripped), the Chinese favourites, and the words of this system and its place.
 */
export const COMMON_PASSWORDS: readonly string[] = [
  // Most common in breach lists.
  '123456', 'password', '12345678', 'qwerty', '123456789', '12345', '1234', '111111', '1234567', 'dragon',
  '123123', 'baseball', 'abc123', 'football', 'monkey', 'letmein', '696969', 'shadow', 'master', '666666',
  'qwertyuiop', '123321', 'mustang', '1234567890', 'michael', '654321', 'superman', '1qaz2wsx', '7777777', '121212',
  '000000', 'qazwsx', '123qwe', 'killer', 'trustno1', 'jordan', 'jennifer', 'zxcvbnm', 'asdfgh', 'hunter',
  'buster', 'soccer', 'harley', 'batman', 'andrew', 'tigger', 'sunshine', 'iloveyou', 'charlie', 'robert',
  'thomas', 'hockey', 'ranger', 'daniel', 'starwars', 'klaster', '112233', 'george', 'computer', 'michelle',
  'jessica', 'pepper', '1111', 'zxcvbn', '555555', '11111111', '131313', 'freedom', '777777', 'pass',
  'maggie', '159753', 'aaaaaa', 'ginger', 'princess', 'joshua', 'cheese', 'amanda', 'summer', 'love',
  'ashley', 'nicole', 'chelsea', 'biteme', 'matthew', 'access', 'yankees', '987654321', 'dallas', 'austin',
  'thunder', 'taylor', 'matrix', 'admin123', 'admin1234', 'admin12345', 'admin123456', 'root1234', 'welcome123', 'iloveyou1',
  'welcome', 'welcome1', 'login', 'admin', 'administrator', 'root', 'passw0rd', 'p@ssw0rd', 'password1', 'password12',
  'password123', 'password1234', 'qwerty123', 'qwerty1234', 'qwertyuiop123', 'qwe123', 'asdf1234', 'asdfghjkl', 'zaq12wsx', '1q2w3e4r',
  '1q2w3e4r5t', '1q2w3e', 'q1w2e3r4', 'q1w2e3r4t5', 'abcd1234', 'abc12345', 'abcdef', 'abcdefg', 'abcdefgh', 'secret',
  'changeme', 'default', 'guest', 'test', 'testing', 'demo', 'user', 'letmein1', 'football1', 'baseball1',
  'whatever', 'hello', 'hello123', 'helloworld', 'flower', 'samsung', 'apple', 'google', 'internet', 'starwars1',
  'zaq1zaq1', '!qaz2wsx', 'qazwsxedc', '1qazxsw2', 'zxcvbnm123', 'asdasd', 'aa123456', 'a123456', 'a1234567',
  'a12345678', 'a123456789', 'qq123456', 'qq123456789', '123456a', '123456abc', '11223344', '12341234', '123654', '147258369',
  '159357', '0123456789', '9876543210', '0987654321', '1111111111', '0000000000', '1234512345', '1234554321', '12345678910', '123123123',
  // Chinese favourites (pinyin and number words).
  'woaini', 'woaini1314', 'woaini520', '5201314', '520520', '1314520', '5201314520', '1314521', 'iloveyou1314', 'wangyang',
  'zhangwei', 'wangwei', 'liuyang', 'zhang', 'wang', 'li', 'beijing', 'shanghai', 'china', 'zhongguo',
  // This system and its place.
  'moshao', 'moshao123', 'zhenjiang', 'jingkaiqu', 'dingmao', 'dagang', 'dinggang', 'dantu', 'jiangsu', 'wangge',
  'zhihui', 'zhihuizhongxin', 'zonghe', 'zongzhi', 'dangjian', 'supervisor', 'viewer', 'district', 'town', 'grid',
];
